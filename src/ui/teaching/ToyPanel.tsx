/** Teaching mode's dataset: which 2D shape, how many points, how noisy, which seed (and classes where the shape allows). */
import { useId, useState } from 'react';
import { TOY_KIND_NAMES, TOY_KINDS, TOY_PARAMS, type ToyKind } from '../../core/data/toy-settings';
import { useActions, useTeaching } from '../../state/hooks';
import { toyDemoNote } from '../../state/teaching';

export function ToyPanel() {
  const { toy, toyErrors, running } = useTeaching();
  const { setToy } = useActions();
  const kindId = useId();
  const { min, max } = TOY_KINDS[toy.kind].classes;
  const params = TOY_PARAMS.filter((p) => p.key !== 'classes' || max > min);
  return (
    <section className="panel panel--side" aria-labelledby="toy-heading">
      <h2 id="toy-heading">2D dataset</h2>
      <p className="panel__intro">{TOY_KINDS[toy.kind].description}.</p>
      <p className="panel__intro">{toyDemoNote(toy.kind)}</p>
      <fieldset className="fields" disabled={running}>
        <legend className="visually-hidden">2D dataset settings</legend>
        <div className="field">
          <label htmlFor={kindId}>Shape</label>
          <select
            id={kindId}
            value={toy.kind}
            // Each shape starts from its own defaults (points, noise, unlabelled points, classes); the seed stays.
            onChange={(e) => void setToy({ ...TOY_KINDS[e.target.value as ToyKind].defaults, kind: e.target.value as ToyKind })}
          >
            {TOY_KIND_NAMES.map((kind) => (
              <option key={kind} value={kind}>
                {TOY_KINDS[kind].label}
              </option>
            ))}
          </select>
        </div>
        {params.map((p) =>
          p.key === 'noise' ? (
            <NoiseSlider
              // A noise set elsewhere (a link) starts the slider afresh.
              key={`noise-${toy.noise}`}
              value={toy.noise}
              min={p.min}
              max={p.max}
              step={p.step}
              onChange={(value) => void setToy({ noise: value })}
            />
          ) : (
            <ToyNumber
              key={p.key}
              label={p.label}
              help={p.help}
              value={toy[p.key]}
              min={p.key === 'classes' ? min : p.min}
              max={p.key === 'classes' ? max : p.max}
              step={p.step}
              onChange={(value) => void setToy({ [p.key]: value })}
            />
          ),
        )}
      </fieldset>
      {toyErrors.length > 0 ? (
        <ul className="field__error" role="alert">
          {toyErrors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** A control of one 2D-dataset setting: its range, and what to do with a new value. */
interface ToyControlProps {
  label: string;
  help?: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange(v: number): void;
}

/** A number applied when it is a number (the panel's messages say what is wrong with it otherwise). */
function ToyNumber({ label, help, value, min, max, step, onChange }: ToyControlProps) {
  const id = useId();
  const helpId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-describedby={help ? helpId : undefined}
        type="number"
        defaultValue={value}
        key={value}
        min={min}
        max={max}
        step={step}
        onBlur={(e) => e.target.value !== String(value) && onChange(Number(e.target.value))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onChange(Number((e.target as HTMLInputElement).value));
        }}
      />
      {help && (
        <p id={helpId} className="field__help">
          {help}
        </p>
      )}
    </div>
  );
}

/** The noise as a slider: the dataset is generated again when it is let go (not at every pixel of a drag). */
function NoiseSlider({ value, min, max, step, onChange }: Omit<ToyControlProps, 'label'>) {
  const id = useId();
  const [shown, setShown] = useState(value);
  return (
    <div className="field field--slider">
      <div className="field__row">
        <label htmlFor={id}>Noise</label>
        <span className="field__value" aria-hidden="true">
          {shown.toFixed(2)}
        </span>
      </div>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={shown}
        onChange={(e) => setShown(Number(e.target.value))}
        onPointerUp={() => shown !== value && onChange(shown)}
        onKeyUp={() => shown !== value && onChange(shown)}
        onBlur={() => shown !== value && onChange(shown)}
      />
    </div>
  );
}
