/**
 * A run in a few words, where space is short: the Runs table's row (T and α as the run used them)
 * and the run bar's headline (distilled vs baseline on the test split, and the gain).
 */
import type { StudentRun } from './types';
import { formatPercent } from './format';
import { formatUsed, runSettingsUsed } from './settings-used';

/** A gain in points with its sign: 0.0025 → "+0.25", −0.01 → "−1.00" (a true minus sign). */
export function formatGain(fraction: number): string {
  const points = fraction * 100;
  return `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(2)}`;
}

/** Test accuracy of the distilled student minus its baseline's (a fraction). */
export function runGain(run: StudentRun): number {
  return run.result.results.student.testAccuracy - run.result.results.baseline.testAccuracy;
}

/**
 * T and α over the run, as it used them ("4", "4 → 1", "3–8, ended at 5": the sliders from its
 * schedule, an annealed or learnt T from its readings; settings-used.ts); DKD names its own weights
 * instead of α.
 */
export function usedSettings(run: StudentRun): { temperature: string; alpha: string } {
  const used = runSettingsUsed(run);
  return {
    temperature: formatUsed(used.temperature, used.firstTemperature),
    alpha: used.alpha === null ? `α_DKD ${run.config.dkdAlpha}, β ${run.config.dkdBeta}` : formatUsed(used.alpha, used.firstAlpha),
  };
}

/** "Run 3", "Run 3 (first try)", with "stopped" or "halted" when it did not finish. */
export function runLabel(run: StudentRun): string {
  const named = run.name === `Run ${run.id}` ? '' : run.name;
  const state = run.result.failure ? 'halted' : run.result.stopped ? 'stopped' : '';
  const notes = [named, state].filter((n) => n !== '');
  return notes.length > 0 ? `Run ${run.id} (${notes.join(', ')})` : `Run ${run.id}`;
}

/** "Run 3: distilled 94.01 % · baseline 93.76 % · +0.25 points" (test split). */
export function runHeadline(run: StudentRun): string {
  const { student, baseline } = run.result.results;
  return `${runLabel(run)}: distilled ${formatPercent(student.testAccuracy)} · baseline ${formatPercent(baseline.testAccuracy)} · ${formatGain(runGain(run))} points`;
}
