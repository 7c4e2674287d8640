/** A labelled select for one CHOICES entry (teacher model, ensemble mean, optimizer). */
import { useId } from 'react';
import { choiceByKey, type ChoiceKey } from '../core/config';
import { useActions, useConfigForm } from '../state/hooks';

export function ChoiceField({ choiceKey }: { choiceKey: ChoiceKey }) {
  const choice = choiceByKey(choiceKey);
  const { config } = useConfigForm();
  const { setChoice } = useActions();
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <div className="field">
      <label htmlFor={id}>{choice.label}</label>
      <select id={id} value={config[choiceKey]} aria-describedby={helpId} onChange={(event) => setChoice(choiceKey, event.target.value)}>
        {choice.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <p id={helpId} className="field__help">
        {choice.help}
      </p>
    </div>
  );
}
