/** A labelled checkbox for an on/off setting. */
import { useId } from 'react';
import type { FlagKey } from '../core/settings/config';
import { SETTINGS } from '../core/settings/registry';
import { useActions, useConfigForm } from '../state/hooks';

export function FlagField({ flagKey }: { flagKey: FlagKey }) {
  const setting = SETTINGS[flagKey];
  const { config } = useConfigForm();
  const { setFlag } = useActions();
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <div className="field field--checkbox">
      <input
        id={id}
        type="checkbox"
        checked={config[flagKey]}
        aria-describedby={helpId}
        onChange={(event) => setFlag(flagKey, event.target.checked)}
      />
      <label htmlFor={id}>{setting.label}</label>
      <p id={helpId} className="field__help field__help--toggle">
        {setting.help}
      </p>
    </div>
  );
}
