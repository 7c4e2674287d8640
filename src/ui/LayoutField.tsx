/** A labelled text input for a layout setting ("128-64", "none", "cnn"); refuses what it cannot read, with a message beside it. */
import type { LayoutKey } from '../core/settings/config';
import { SETTINGS } from '../core/settings/registry';
import { useActions, useConfigForm } from '../state/hooks';
import { FieldFrame } from './FieldFrame';

export function LayoutField({ layoutKey }: { layoutKey: LayoutKey }) {
  const param = SETTINGS[layoutKey];
  const { config, drafts, fieldErrors } = useConfigForm();
  const { setLayout } = useActions();
  return (
    <FieldFrame
      label={param.label}
      error={fieldErrors[layoutKey]}
      help={`${param.help} (up to ${param.maxLayers} layers of 1–${param.maxWidth})`}
    >
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="text"
          spellCheck={false}
          value={drafts[layoutKey] ?? config[layoutKey]}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => setLayout(layoutKey, event.target.value)}
        />
      )}
    </FieldFrame>
  );
}
