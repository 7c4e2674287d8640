/** Starting points: "Quick demo" (about a minute, chosen so distillation visibly wins) and the full defaults. */
import { PRESETS } from '../core/config';
import { useActions, useConfigForm } from '../state/hooks';

export function PresetPicker() {
  const { preset, running } = useConfigForm();
  const { applyPreset } = useActions();
  return (
    <div className="presets" role="group" aria-label="Presets">
      {PRESETS.map((p) => (
        <button
          key={p.id}
          type="button"
          className="button button--secondary button--small"
          aria-pressed={preset === p.id}
          disabled={running}
          title={p.description}
          onClick={() => applyPreset(p.id)}
        >
          {p.label}
        </button>
      ))}
    </div>
  );
}
