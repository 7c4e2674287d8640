/** Starting points: "Quick demo" (about a minute, chosen so distillation visibly wins) and the full defaults. */
import { presetNote, presetsFor } from '../core/settings/presets';
import { useActions, useConfigForm, useDataset } from '../state/hooks';

export function PresetPicker() {
  const { preset, running } = useConfigForm();
  const { applyPreset } = useActions();
  const { dataset, datasetId } = useDataset();
  return (
    <div className="presets" role="group" aria-label="Presets">
      {presetsFor(dataset).map((p) => (
        <button
          key={p.id}
          type="button"
          className="button button--secondary button--small"
          aria-pressed={preset === p.id}
          disabled={running}
          title={presetNote(p, datasetId)}
          onClick={() => applyPreset(p.id)}
        >
          {p.label}
        </button>
      ))}
    </div>
  );
}
