/** A labelled number input for one PARAMS entry; refuses bad values with a message beside it. */
import { useId } from 'react';
import { paramByKey, type NumericKey } from '../core/config';
import { useActions, useConfigForm } from '../state/hooks';

export function NumberField({ paramKey, disabled = false }: { paramKey: NumericKey; disabled?: boolean }) {
  const param = paramByKey(paramKey);
  const { config, drafts, fieldErrors } = useConfigForm();
  const { setParam } = useActions();
  const id = useId();
  const error = fieldErrors[paramKey];
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{param.label}</label>
      <input
        id={id}
        type="number"
        inputMode={param.integer ? 'numeric' : 'decimal'}
        min={param.min}
        max={param.max}
        step={param.integer ? param.step : 'any'}
        value={drafts[paramKey] ?? String(config[paramKey])}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${errorId} ${helpId}` : helpId}
        onChange={(event) => setParam(paramKey, event.target.value)}
      />
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
      <p id={helpId} className="field__help">
        {param.help} ({param.min}–{param.max})
      </p>
    </div>
  );
}
