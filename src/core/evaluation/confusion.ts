/**
 * Confusion matrices from a model's cached outputs on a split: counts[true][predicted], and which
 * images fall in a cell (so a click on the cell can show them). Plain arrays, no tfjs.
 */
import { argmaxRow } from './metrics';

/** counts[t][p]: images of true class t predicted as p. */
export function confusionMatrix(outputs: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number[][] {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  forEachPrediction(outputs, labels, classes, (row, truth, predicted) => {
    void row;
    counts[truth]![predicted]!++;
  });
  return counts;
}

/** Positions (rows of `outputs`) of the images of true class `truth` predicted as `predicted`, in order. */
export function cellRows(
  outputs: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  truth: number,
  predicted: number,
): number[] {
  const rows: number[] = [];
  forEachPrediction(outputs, labels, classes, (row, t, p) => {
    if (t === truth && p === predicted) rows.push(row);
  });
  return rows;
}

function forEachPrediction(
  outputs: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  visit: (row: number, truth: number, predicted: number) => void,
): void {
  if (outputs.length !== labels.length * classes) throw new Error(`${outputs.length / classes} predictions but ${labels.length} labels`);
  for (let i = 0; i < labels.length; i++) visit(i, labels[i]!, argmaxRow(outputs, i, classes));
}
