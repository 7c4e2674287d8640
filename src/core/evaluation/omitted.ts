/**
 * Hinton et al.'s omitted-digit experiment (2015, section 3): a student whose transfer set has no
 * example of one class still learns it from the soft labels of the others, and raising that
 * class's bias makes up for its never being a target. These figures read a model's cached
 * log-probabilities, so the bias can move live without retraining. Plain arrays, no tfjs.
 */

export interface OmittedFigures {
  /** Misclassified images, of `total`. */
  errors: number;
  total: number;
  /** Images of the omitted class misclassified, of `classTotal`. */
  classErrors: number;
  classTotal: number;
}

/** The biases a validation search tries: 0 to 15 in steps of 0.25 (Hinton et al. found 3.5). */
export const BIAS_GRID: readonly number[] = Array.from({ length: 61 }, (_, i) => i * 0.25);

/** Top-1 class of a row with `bias` added to class `omitted`'s log-probability (the same as adding it to the logit). */
function predicted(logProbs: ArrayLike<number>, row: number, classes: number, omitted: number, bias: number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let c = 0; c < classes; c++) {
    const value = logProbs[row * classes + c]! + (c === omitted ? bias : 0);
    if (value > bestValue) [best, bestValue] = [c, value];
  }
  return best;
}

/** Errors overall and on the omitted class, with the class's bias raised by `bias`. */
export function omittedFigures(
  logProbs: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  omitted: number,
  bias: number,
): OmittedFigures {
  const total = labels.length;
  if (logProbs.length !== total * classes) throw new Error(`${logProbs.length / classes} predictions but ${total} labels`);
  let errors = 0;
  let classErrors = 0;
  let classTotal = 0;
  for (let i = 0; i < total; i++) {
    const wrong = predicted(logProbs, i, classes, omitted, bias) !== labels[i];
    if (wrong) errors++;
    if (labels[i] === omitted) {
      classTotal++;
      if (wrong) classErrors++;
    }
  }
  return { errors, total, classErrors, classTotal };
}

/** The bias of `grid` with the fewest validation errors (the smallest such bias on a tie). */
export function searchBias(
  valLogProbs: ArrayLike<number>,
  valLabels: ArrayLike<number>,
  classes: number,
  omitted: number,
  grid: readonly number[] = BIAS_GRID,
): number {
  let best = grid[0] ?? 0;
  let fewest = Infinity;
  for (const bias of grid) {
    const { errors } = omittedFigures(valLogProbs, valLabels, classes, omitted, bias);
    if (errors < fewest) [best, fewest] = [bias, errors];
  }
  return best;
}

/** One model in the omitted-class experiment: as trained, and with the bias a validation search chose. */
export interface OmittedModelReport {
  asTrained: OmittedFigures;
  searchedBias: number;
  withBias: OmittedFigures;
}

/** The omitted-class figures of a model on test, as trained and with the bias chosen on validation. */
export function omittedReport(
  outputs: { val: ArrayLike<number>; test: ArrayLike<number> },
  labels: { val: ArrayLike<number>; test: ArrayLike<number> },
  classes: number,
  omitted: number,
): OmittedModelReport {
  const searchedBias = searchBias(outputs.val, labels.val, classes, omitted);
  return {
    asTrained: omittedFigures(outputs.test, labels.test, classes, omitted, 0),
    searchedBias,
    withBias: omittedFigures(outputs.test, labels.test, classes, omitted, searchedBias),
  };
}
