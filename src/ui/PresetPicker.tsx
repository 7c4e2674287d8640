/** Starting points: "Quick demo" (about a minute, chosen so distillation visibly wins) and the full defaults. */
import { PRESETS } from '../core/settings/presets';
import { useActions, useConfigForm, useDataset } from '../state/hooks';

export function PresetPicker() {
  const { preset, running } = useConfigForm();
  const { applyPreset } = useActions();
  const { datasetId } = useDataset();
  // A preset's figures were measured on MNIST: elsewhere it says what it sets up, and no more.
  const note = (p: (typeof PRESETS)[number]) =>
    datasetId === 'mnist'
      ? `${p.description} ${p.measuredOnMnist}`
      : `${p.description} Its time and gain were measured on MNIST, not on this dataset.`;
  return (
    <div className="presets" role="group" aria-label="Presets">
      {PRESETS.map((p) => (
        <button
          key={p.id}
          type="button"
          className="button button--secondary button--small"
          aria-pressed={preset === p.id}
          disabled={running}
          title={note(p)}
          onClick={() => applyPreset(p.id)}
        >
          {p.label}
        </button>
      ))}
    </div>
  );
}
