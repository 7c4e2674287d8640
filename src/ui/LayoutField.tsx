/** A labelled text input for a LAYOUTS entry ("128-64", "none"); refuses what it cannot read, with a message beside it. */
import { useId } from 'react';
import { layoutByKey, type LayoutKey } from '../core/config';
import { useActions, useConfigForm } from '../state/hooks';

export function LayoutField({ layoutKey }: { layoutKey: LayoutKey }) {
  const param = layoutByKey(layoutKey);
  const { config, drafts, fieldErrors } = useConfigForm();
  const { setLayout } = useActions();
  const id = useId();
  const error = fieldErrors[layoutKey];
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{param.label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        spellCheck={false}
        value={drafts[layoutKey] ?? config[layoutKey]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${errorId} ${helpId}` : helpId}
        onChange={(event) => setLayout(layoutKey, event.target.value)}
      />
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
      <p id={helpId} className="field__help">
        {param.help} (up to {param.maxLayers} layers of 1–{param.maxWidth})
      </p>
    </div>
  );
}
