/**
 * The teachers as the student sees them: each member's logits multiplied by a scale (its
 * calibration temperature, and the Confidence setting that makes it deliberately over- or
 * under-confident), and each member's weight in the ensemble mean. Soft targets, the ensemble
 * row of the results, the soft-label chart and the class-similarity map all read the teachers
 * through one view, so what is shown is what is distilled.
 */
import { calibrationScales, type TeacherCalibration } from './calibration';
import type { ExperimentConfig } from '../settings/config';

export interface TeacherView {
  /** Each member's weight in the mean (as given; normalised where used). */
  weights: number[];
  /** Each member's logits are multiplied by this: Confidence / (T_member · T_ensemble) when calibrated, else Confidence. */
  scales: number[];
}

export type ViewSettings = Pick<ExperimentConfig, 'calibrateTeachers' | 'teacherConfidence'>;

export function teacherView(
  settings: ViewSettings,
  calibration: Pick<TeacherCalibration, 'memberTemperatures' | 'ensembleTemperature'>,
  weights: readonly number[],
): TeacherView {
  const calibrated = settings.calibrateTeachers ? calibrationScales(calibration) : weights.map(() => 1);
  return { weights: [...weights], scales: calibrated.map((s) => s * settings.teacherConfidence) };
}

/** True when the view leaves the teachers as trained: every scale 1 and equal weights. */
export function isPlainView(view: TeacherView): boolean {
  return view.scales.every((s) => s === 1) && view.weights.every((w) => w === view.weights[0]);
}

/** Each member's logit table multiplied by its scale (a table with scale 1 is returned as is, not copied). */
export function scaledLogits(members: readonly Float32Array[], scales: readonly number[]): Float32Array[] {
  return members.map((table, m) => {
    const scale = scales[m] ?? 1;
    return scale === 1 ? table : table.map((x) => x * scale);
  });
}

/** A message naming the problem with member weights, or null when they can be used. */
export function weightsProblem(weights: readonly number[], members: number): string | null {
  if (weights.length !== members) return `Give one weight per teacher: ${members} expected, ${weights.length} given.`;
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) return 'Teacher weights must be numbers of at least 0.';
  if (!weights.some((w) => w > 0)) return 'At least one teacher needs a weight above 0.';
  return null;
}
