/**
 * Dark knowledge as a map: the ensemble's mean soft labels per true class on the training split,
 * at the current T and as the student sees the teachers (calibration, confidence, weights).
 * Recomputed from the cached logits as the Temperature slider moves. Hovering a cell names it;
 * clicking it lists the training digits that carry most of that probability.
 */
import { useMemo, useState } from 'react';
import { classSimilarity, strongestSamples, type SimilarityInput } from '../core/ensemble/class-similarity';
import { formatPercent } from '../state/format';
import { useSample, useWords } from '../state/hooks';
import { currentTeacherView } from '../state/samples';
import { DigitCanvas } from './DigitCanvas';
import { HeatmapTable } from './charts/HeatmapTable';

/** Digits listed for a clicked cell. */
const SHOWN = 12;

/** "4 looks most like 9 (3.2 %)", per row: the description screen readers get (and the benchmark waits for). */
function describeRows(matrix: number[][], names: string[]): string {
  return matrix
    .map((row, t) => {
      let best = -1;
      row.forEach((v, c) => c !== t && (best < 0 || v > row[best]!) && (best = c));
      return best < 0 ? '' : `${names[t]} looks most like ${names[best]} (${formatPercent(row[best]!, 1)})`;
    })
    .filter((s) => s !== '')
    .join('; ');
}

/** A cell's number: the mean soft label in percent, one decimal. */
const percentCell = (v: number) => (v * 100).toFixed(1);

export function ClassSimilarityPanel() {
  const { dataset, snapshot, temperature, mode, teachers, calibrateTeachers, teacherConfidence } = useSample();
  const [cell, setCell] = useState<{ truth: number; other: number } | null>(null);
  const input = useMemo((): SimilarityInput | null => {
    const view = currentTeacherView(teachers, { calibrateTeachers, teacherConfidence });
    if (!dataset || !snapshot || !view) return null;
    const classes = dataset.classNames.length;
    return { members: snapshot.logits, classes, indices: dataset.split.train, labels: dataset.labels, mode, view };
  }, [dataset, snapshot, mode, teachers, calibrateTeachers, teacherConfidence]);
  const matrix = useMemo(() => (input ? classSimilarity(input, temperature) : null), [input, temperature]);
  const samples = useMemo(
    () => (input && cell ? strongestSamples(input, temperature, cell.truth, cell.other, SHOWN) : []),
    [input, temperature, cell],
  );
  const names = dataset?.classNames ?? [];
  const words = useWords();
  return (
    <section className="panel panel--wide" aria-labelledby="similarity-heading">
      <h2 id="similarity-heading">Dark knowledge: which {words.classNouns} look alike</h2>
      {matrix ? (
        <>
          <p className="panel__intro">
            Row: the true {words.classNoun}; column: the probability the teachers give each class, averaged over the training {words.many},
            at T = {temperature}. Off the diagonal is what soft labels teach and hard labels cannot. Click a cell to see its {words.many}.
          </p>
          <HeatmapTable
            name="Class similarity"
            description={`At T = ${temperature}: ${describeRows(matrix, names)}`}
            rowHeader={`True ${words.classNoun}`}
            columnHeader="mean soft label (%)"
            labels={names}
            values={matrix}
            format={percentCell}
            // The name holds the number the cell shows (WCAG's label in name): the same one decimal.
            describe={(t, c, v) => `True ${names[t]}, soft label ${names[c]}: ${percentCell(v)} %`}
            selected={cell ? [cell.truth, cell.other] : null}
            onSelect={(t, c) => setCell({ truth: t, other: c })}
          />
          {cell && dataset ? (
            <figure className="cell-digits">
              <figcaption>
                The {samples.length} training {words.many} of class {names[cell.truth]} to which the teachers give most probability of{' '}
                {names[cell.other]} at T = {temperature}
              </figcaption>
              <ul className="digit-list" aria-label={`Training ${words.many} of class ${names[cell.truth]} most like ${names[cell.other]}`}>
                {samples.map((s) => (
                  <li key={s.index}>
                    <DigitCanvas
                      dataset={dataset}
                      index={s.index}
                      label={`Training ${words.one} of class ${names[cell.truth]}, ${formatPercent(s.p, 1)} ${names[cell.other]}`}
                    />
                    <span>{formatPercent(s.p, 1)}</span>
                  </li>
                ))}
              </ul>
            </figure>
          ) : null}
        </>
      ) : (
        <p className="placeholder">Train teachers to see which {words.classNouns} they find similar.</p>
      )}
    </section>
  );
}
