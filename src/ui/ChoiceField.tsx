/**
 * A labelled select for a choice setting, or a class setting whose options are the loaded
 * dataset's classes; options the backend cannot run are disabled, with the reason, and a class the
 * dataset does not have is said beside it.
 */
import { useId } from 'react';
import { classOptions, type ChoiceKey } from '../core/settings/config';
import { validateClass, type ChoiceOption, type ChoiceSetting, type ClassSetting } from '../core/settings/kinds';
import { SETTINGS } from '../core/settings/registry';
import { backendLabel } from '../state/format';
import { useActions, useBackend, useConfigForm } from '../state/hooks';

export function ChoiceField({ choiceKey }: { choiceKey: ChoiceKey }) {
  const choice: ChoiceSetting | ClassSetting = SETTINGS[choiceKey];
  const { config, unsupported, classNames } = useConfigForm();
  const { backend } = useBackend();
  const { setChoice } = useActions();
  const id = useId();
  const helpId = `${id}-help`;
  const reasonId = `${id}-reason`;
  const value = config[choiceKey];
  // Only the teacher model has options a backend may lack (the CNN's gradient kernels).
  const unavailable = (option: string): string | undefined =>
    choiceKey === 'teacherArch' ? unsupported[option as keyof typeof unsupported] : undefined;
  let options: readonly ChoiceOption[];
  let currentReason: string | undefined;
  if (choice.kind === 'class') {
    options = classOptions(classNames);
    currentReason = (classNames.length > 0 ? validateClass(choice, value, classNames.length) : validateClass(choice, value)) ?? undefined;
    // A class the dataset lacks (e.g. from a link made on another dataset) stays visible, with its reason.
    if (!options.some((o) => o.value === value)) options = [...options, { value, label: value }];
  } else {
    options = choice.options;
    currentReason = unavailable(value);
  }
  return (
    <div className={`field${currentReason ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{choice.label}</label>
      <select
        id={id}
        value={value}
        aria-describedby={currentReason ? `${reasonId} ${helpId}` : helpId}
        onChange={(event) => setChoice(choiceKey, event.target.value)}
      >
        {options.map((option) => {
          const reason = unavailable(option.value);
          return (
            <option key={option.value} value={option.value} disabled={reason !== undefined && option.value !== value}>
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
