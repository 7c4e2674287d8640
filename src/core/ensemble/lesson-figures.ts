/**
 * The figures the guided lesson shows, computed from the grid's cached logits (plain arrays, no
 * tfjs): how much of the plane the teachers are unsure about, the mean entropy of their soft
 * labels at a temperature, and the size of the soft term's gradient with and without its T²
 * factor — with where the 1/T² fall-off Hinton et al. rely on holds and where it does not.
 */
import type { EnsembleMode } from '../settings/config';
import { ensembleProbabilityRows, ensembleRegion, entropyGrid, type GridLogits } from './grid-maps';
import { softmax } from './soft-labels';
import type { TeacherView } from './teacher-view';

/** Share of the grid where the ensemble's top probability (T = 1) is below `threshold`. */
export function unsureShare(grid: GridLogits, mode: EnsembleMode, view: TeacherView, threshold = 0.9): number {
  const { confidence } = ensembleRegion(grid, mode, view);
  let unsure = 0;
  for (const c of confidence) if (c < threshold) unsure++;
  return confidence.length > 0 ? unsure / confidence.length : 0;
}

/** Mean entropy (bits) of the ensemble's soft labels at T over the grid. */
export function meanEntropy(grid: GridLogits, temperature: number, mode: EnsembleMode, view: TeacherView): number {
  const values = entropyGrid(grid, temperature, mode, view);
  let sum = 0;
  for (const v of values) sum += v;
  return values.length > 0 ? sum / values.length : 0;
}

/**
 * Mean norm, over the grid, of the gradient of KL(p_ensemble,T ‖ p_student,T) with respect to the
 * student's logits, which is (p_student,T − p_ensemble,T) / T, without (`plain`) and with
 * (`scaled`) the loss's T² factor. The ensemble is mixed through the view as a run sees it; the
 * student is the distilled student on the grid. NaN without a student.
 */
export function softGradientNorm(
  grid: GridLogits,
  temperature: number,
  mode: EnsembleMode,
  view: TeacherView,
): { plain: number; scaled: number } {
  const student = grid.student;
  if (!student || grid.members.length === 0) return { plain: NaN, scaled: NaN };
  const { classes } = grid;
  const teacher = ensembleProbabilityRows(grid, temperature, mode, view);
  const cells = student.length / classes;
  let total = 0;
  for (let i = 0; i < cells; i++) {
    const at = i * classes;
    const ps = softmax(student.subarray(at, at + classes), temperature);
    let norm = 0;
    for (let c = 0; c < classes; c++) norm += ((ps[c]! - teacher[at + c]!) / temperature) ** 2;
    total += Math.sqrt(norm);
  }
  const plain = cells > 0 ? total / cells : NaN;
  return { plain, scaled: plain * temperature * temperature };
}

/**
 * How far apart a model's logits are, as the softmax at T sees them: the mean over the grid of
 * (largest − smallest logit), for the teachers (each member through its view scale, the largest
 * over members) and the student. softmax(z / T) is close to linear in z — and the soft gradient
 * close to 1/T² — only where T is well above this spread.
 */
export function logitSpread(grid: GridLogits, view: TeacherView): { teachers: number; student: number } {
  const spread = (table: Float32Array, scale: number) => {
    const cells = table.length / grid.classes;
    let total = 0;
    for (let i = 0; i < cells; i++) {
      let low = Infinity;
      let high = -Infinity;
      for (let c = 0; c < grid.classes; c++) {
        const z = table[i * grid.classes + c]! * scale;
        if (z < low) low = z;
        if (z > high) high = z;
      }
      total += high - low;
    }
    return cells > 0 ? Math.abs(total / cells) : NaN;
  };
  const teachers = Math.max(...grid.members.map((table, m) => spread(table, view.scales[m] ?? 1)));
  return { teachers, student: grid.student ? spread(grid.student, 1) : NaN };
}

/** One row of the T² table: the gradient norms at T, and how many times smaller the plain one is than at T / 2. */
export interface GradientRow {
  temperature: number;
  plain: number;
  scaled: number;
  /** plain(T / 2) / plain(T); NaN for the first row. 4 is the 1/T² law, 2 a 1/T fall-off. */
  fall: number;
}

/** The temperatures of the lesson's T² table: doublings from 1, past the slider's 20, far enough to reach the 1/T² regime of most teachers. */
export const TABLE_TEMPERATURES = [1, 2, 4, 8, 16, 32, 64, 128] as const;

export function gradientTable(
  grid: GridLogits,
  mode: EnsembleMode,
  view: TeacherView,
  temperatures: readonly number[] = TABLE_TEMPERATURES,
): GradientRow[] {
  const rows: GradientRow[] = [];
  for (const temperature of temperatures) {
    const { plain, scaled } = softGradientNorm(grid, temperature, mode, view);
    const previous = rows.at(-1);
    rows.push({ temperature, plain, scaled, fall: previous ? previous.plain / plain : NaN });
  }
  return rows;
}

/** A doubling of T counts as following the 1/T² law when it divides the plain gradient by 4 ± this. */
export const SQUARE_LAW_TOLERANCE = 0.5;

export const followsSquareLaw = (row: GradientRow): boolean => Math.abs(row.fall - 4) <= SQUARE_LAW_TOLERANCE;

/**
 * The lowest temperature of the table from which every further doubling follows the 1/T² law (so
 * that, times T², the soft term's gradient stays level), or null when the table never settles into it.
 */
export function squareLawFrom(rows: readonly GradientRow[]): number | null {
  let from: number | null = null;
  for (let i = rows.length - 1; i >= 1; i--) {
    if (!followsSquareLaw(rows[i]!)) break;
    from = rows[i - 1]!.temperature;
  }
  return from;
}
