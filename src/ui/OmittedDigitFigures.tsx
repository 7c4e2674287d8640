/**
 * Hinton et al.'s omitted-digit experiment for a run that left a digit out of the students'
 * training images: both students' errors overall and on that digit, with a bias-shift slider for
 * its class that updates the figures at once (from the run's cached outputs; no retraining), and
 * the bias a search on the validation split found.
 */
import { useId, useMemo, useState } from 'react';
import { gatherLabels } from '../core/data/data';
import { BIAS_GRID, omittedFigures, searchBias, type OmittedFigures } from '../core/evaluation/omitted';
import { formatPercent } from '../state/format';
import { useDataset, useWords } from '../state/hooks';
import type { StudentRun } from '../state/types';

const MODELS = [
  { key: 'student', label: 'Distilled student' },
  { key: 'baseline', label: 'Baseline student' },
] as const;

export function OmittedDigitFigures({ run, omitted }: { run: StudentRun; omitted: number }) {
  const { dataset } = useDataset();
  const words = useWords();
  const [bias, setBias] = useState(0);
  const sliderId = useId();
  const classes = run.classNames.length;
  const name = run.classNames[omitted];
  const labels = useMemo(
    () => (dataset ? { val: gatherLabels(dataset, dataset.split.val), test: gatherLabels(dataset, dataset.split.test) } : null),
    [dataset],
  );
  const searched = useMemo(
    () => (labels ? searchBias(run.result.outputs.student.val, labels.val, classes, omitted) : null),
    [labels, run, classes, omitted],
  );
  if (!labels || searched === null) return null;
  const figures = (key: 'student' | 'baseline', b: number): OmittedFigures =>
    omittedFigures(run.result.outputs[key].test, labels.test, classes, omitted, b);
  const max = BIAS_GRID[BIAS_GRID.length - 1]!;
  return (
    <div className="omitted">
      <h4>
        {words.classNoun === 'digit' ? 'Digit' : 'Class'} {name} was never in the students’ training {words.many}
      </h4>
      <p className="field__help">
        The teachers saw every {words.classNoun}; both students trained without any {name}. The baseline can never predict it; the distilled
        student learnt about it only from the soft labels of other {words.classNouns}. Raising the {name}-class bias (added to its logit)
        makes up for its never being a target (Hinton et al. 2015: 3.5 for 3s).
      </p>
      <div className="omitted__bias">
        <label htmlFor={sliderId}>Bias shift for class {name}</label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={max}
          step={BIAS_GRID[1]! - BIAS_GRID[0]!}
          value={bias}
          onChange={(e) => setBias(Number(e.target.value))}
        />
        <span className="field__value" aria-hidden="true">
          {bias.toFixed(2)}
        </span>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => setBias(searched)}
          disabled={bias === searched}
        >
          Use the validation bias ({searched.toFixed(2)})
        </button>
      </div>
      <table className="compact-table" aria-label={`Omitted ${words.classNoun} ${name}`}>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Errors (test)</th>
            <th scope="col">Errors on {name}s</th>
            <th scope="col">{name}s recognised</th>
            <th scope="col">Errors at bias 0</th>
            <th scope="col">On {name}s at bias 0</th>
          </tr>
        </thead>
        <tbody>
          {MODELS.map((m) => {
            const now = figures(m.key, bias);
            const zero = figures(m.key, 0);
            return (
              <tr key={m.key}>
                <th scope="row">{m.label}</th>
                <td>
                  {now.errors} of {now.total}
                </td>
                <td>
                  {now.classErrors} of {now.classTotal}
                </td>
                <td>{formatPercent(now.classTotal > 0 ? 1 - now.classErrors / now.classTotal : NaN, 1)}</td>
                <td>{zero.errors}</td>
                <td>{zero.classErrors}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
