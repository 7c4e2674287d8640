/**
 * The ensemble, the distilled and the baseline student on the test split, as confusion matrices
 * side by side (from the run's cached outputs). Clicking a cell shows its digits.
 */
import { useMemo, useState } from 'react';
import { cellRows, confusionMatrix } from '../core/evaluation/confusion';
import { gatherLabels } from '../core/data/data';
import { useDataset, useWords } from '../state/hooks';
import { counted } from '../state/words';
import type { StudentRun } from '../state/types';
import { HeatmapTable } from './charts/HeatmapTable';
import { DigitCanvas } from './DigitCanvas';

type Model = 'ensemble' | 'student' | 'baseline';
const MODELS: { key: Model; label: string }[] = [
  { key: 'ensemble', label: 'Ensemble' },
  { key: 'student', label: 'Distilled student' },
  { key: 'baseline', label: 'Baseline student' },
];
/** Samples shown for a clicked cell. */
const SHOWN = 24;

export function ConfusionMatrices({ run }: { run: StudentRun }) {
  const { dataset } = useDataset();
  const words = useWords();
  const [cell, setCell] = useState<{ model: Model; truth: number; predicted: number } | null>(null);
  const labels = useMemo(() => (dataset ? gatherLabels(dataset, dataset.split.test) : null), [dataset]);
  const classes = run.classNames.length;
  const matrices = useMemo(
    () => (labels ? MODELS.map((m) => confusionMatrix(run.result.outputs[m.key].test, labels, classes)) : null),
    [labels, run, classes],
  );
  if (!dataset || !labels || !matrices) return null;
  const rows = cell ? cellRows(run.result.outputs[cell.model].test, labels, classes, cell.truth, cell.predicted) : [];
  const names = run.classNames;
  const modelLabel = (key: Model) => MODELS.find((m) => m.key === key)!.label;
  return (
    <div className="confusion">
      <h4>Confusion matrices (test split)</h4>
      <div className="confusion__grid">
        {MODELS.map((m, k) => (
          <div key={m.key} className="confusion__item">
            <h5>{m.label}</h5>
            <HeatmapTable
              name={`Confusion matrix, ${m.label.toLowerCase()}`}
              rowHeader="True"
              columnHeader="Predicted"
              labels={names}
              values={matrices[k]!}
              format={(v) => String(v)}
              describe={(t, p, v) => `${m.label}: ${counted(v, words, 'test')} of class ${names[t]} predicted as ${names[p]}`}
              selected={cell?.model === m.key ? [cell.truth, cell.predicted] : null}
              onSelect={(truth, predicted) => setCell({ model: m.key, truth, predicted })}
            />
          </div>
        ))}
      </div>
      {cell ? (
        <figure className="cell-digits">
          <figcaption>
            {modelLabel(cell.model)}: {counted(rows.length, words, 'test')} of class {names[cell.truth]} predicted as{' '}
            {names[cell.predicted]}
            {rows.length > SHOWN ? ` (the first ${SHOWN})` : ''}
          </figcaption>
          <ul className="digit-list" aria-label={`Test ${words.many} of class ${names[cell.truth]} predicted as ${names[cell.predicted]}`}>
            {rows.slice(0, SHOWN).map((row) => (
              <li key={row}>
                <DigitCanvas dataset={dataset} index={dataset.split.test[row]!} label={`Test ${words.one} of class ${names[cell.truth]}`} />
              </li>
            ))}
          </ul>
        </figure>
      ) : null}
    </div>
  );
}
