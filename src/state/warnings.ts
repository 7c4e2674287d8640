/**
 * Honest warnings about a finished run, from the figures at hand: teachers that have less to
 * teach than the labels, and a distillation that lost to its baseline, with the likely cause.
 */
import type { EpochPoint } from '../shared/protocol';
import { formatPercent } from './format';
import type { StudentRun } from './types';

/** A student whose validation accuracy rose this much (fraction) over its last epochs was still learning. */
const STILL_RISING = 0.003;
/** Epochs looked back over to decide whether a curve had flattened. */
const WINDOW = 3;
/** An ensemble less than this much better than the baseline has little to add (fraction). */
const SMALL_EDGE = 0.01;

const points = (x: number) => `${(x * 100).toFixed(2)} points`;

/** Rise of the distilled student's validation accuracy over the last WINDOW epochs, or null with too few epochs. */
export function recentRise(accuracies: EpochPoint[]): number | null {
  if (accuracies.length <= WINDOW) return null;
  const last = accuracies[accuracies.length - 1]!;
  const before = accuracies[accuracies.length - 1 - WINDOW]!;
  return last.studentValAccuracy - before.studentValAccuracy;
}

export function runWarnings(run: StudentRun): string[] {
  const { results, accuracies, stopped, failure } = run.result;
  const ensemble = results.ensemble.testAccuracy;
  const student = results.student.testAccuracy;
  const baseline = results.baseline.testAccuracy;
  const warnings: string[] = [];
  if (ensemble <= baseline) {
    warnings.push(
      `The teachers have less to teach than the labels: the ensemble (${formatPercent(ensemble)}) is no better than the baseline student ` +
        `(${formatPercent(baseline)}) on the test split. Train stronger teachers (more epochs, more units or more training images).`,
    );
  }
  if (student < baseline && failure === null) {
    const causes: string[] = [];
    const rise = recentRise(accuracies);
    if (stopped) causes.push('the run was stopped early');
    if (rise === null || rise > STILL_RISING) {
      causes.push(
        rise === null
          ? `too few student epochs (${accuracies.length}): distillation usually pays off later than plain training`
          : `too few student epochs: its validation accuracy was still rising (+${points(rise)} over the last ${WINDOW} epochs)`,
      );
    }
    if (ensemble > baseline && ensemble - baseline < SMALL_EDGE) {
      causes.push(`teachers barely better than the baseline (${formatPercent(ensemble)} vs ${formatPercent(baseline)})`);
    }
    if (causes.length === 0) causes.push('the temperature or alpha: try others and compare on the validation split');
    warnings.push(
      `Distillation lost: the distilled student is ${points(baseline - student)} behind its baseline. Likely cause: ${causes.join('; ')}.`,
    );
  }
  return warnings;
}
