/** A labelled number input for a number setting; refuses bad values with a message beside it. */
import type { NumericKey } from '../core/settings/config';
import { SETTINGS } from '../core/settings/registry';
import { useActions, useConfigForm } from '../state/hooks';
import { FieldFrame } from './FieldFrame';

export function NumberField({ paramKey, disabled = false }: { paramKey: NumericKey; disabled?: boolean }) {
  const param = SETTINGS[paramKey];
  const { config, drafts, fieldErrors } = useConfigForm();
  const { setParam } = useActions();
  return (
    <FieldFrame label={param.label} error={fieldErrors[paramKey]} help={`${param.help} (${param.min}–${param.max})`}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="number"
          inputMode={param.integer ? 'numeric' : 'decimal'}
          min={param.min}
          max={param.max}
          step={param.integer ? param.step : 'any'}
          value={drafts[paramKey] ?? String(config[paramKey])}
          disabled={disabled}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => setParam(paramKey, event.target.value)}
        />
      )}
    </FieldFrame>
  );
}
