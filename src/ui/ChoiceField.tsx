/** A labelled select for one CHOICES entry; options the backend cannot run are disabled, with the reason. */
import { useId } from 'react';
import { choiceByKey, type ChoiceKey } from '../core/settings/config';
import { backendLabel } from '../state/format';
import { useActions, useBackend, useConfigForm } from '../state/hooks';

export function ChoiceField({ choiceKey }: { choiceKey: ChoiceKey }) {
  const choice = choiceByKey(choiceKey);
  const { config, unsupported } = useConfigForm();
  const { backend } = useBackend();
  const { setChoice } = useActions();
  const id = useId();
  const helpId = `${id}-help`;
  const reasonId = `${id}-reason`;
  // Only the teacher model has options a backend may lack (the CNN's gradient kernels).
  const unavailable = (value: string): string | undefined =>
    choiceKey === 'teacherArch' ? unsupported[value as keyof typeof unsupported] : undefined;
  const currentReason = unavailable(config[choiceKey]);
  if (choice.toggle) {
    return (
      <div className="field field--checkbox">
        <input
          id={id}
          type="checkbox"
          checked={config[choiceKey] === 'on'}
          aria-describedby={helpId}
          onChange={(event) => setChoice(choiceKey, event.target.checked ? 'on' : 'off')}
        />
        <label htmlFor={id}>{choice.label}</label>
        <p id={helpId} className="field__help field__help--toggle">
          {choice.help}
        </p>
      </div>
    );
  }
  return (
    <div className={`field${currentReason ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{choice.label}</label>
      <select
        id={id}
        value={config[choiceKey]}
        aria-describedby={currentReason ? `${reasonId} ${helpId}` : helpId}
        onChange={(event) => setChoice(choiceKey, event.target.value)}
      >
        {choice.options.map((option) => {
          const reason = unavailable(option.value);
          return (
            <option key={option.value} value={option.value} disabled={reason !== undefined && option.value !== config[choiceKey]}>
              {option.label}
              {reason && backend ? ` (not on ${backendLabel(backend.name)})` : ''}
            </option>
          );
        })}
      </select>
      {currentReason ? (
        <p id={reasonId} className="field__error">
          {currentReason}
        </p>
      ) : null}
      <p id={helpId} className="field__help">
        {choice.help}
      </p>
    </div>
  );
}
