/**
 * The figures the guided lesson shows, computed from the grid's cached logits (plain arrays, no
 * tfjs): how much of the plane the teachers are unsure about, the mean entropy of their soft
 * labels at a temperature, and the size of the soft term's gradient with and without its T²
 * factor — the reason Hinton et al. multiply the soft term by T².
 */
import type { EnsembleMode } from './config';
import { ensembleRegion, entropyGrid, type GridLogits } from './grid-maps';
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
 * Mean norm, over the grid, of the gradient of KL(p_teacher,T ‖ p_student,T) with respect to the
 * student's logits: (p_student,T − p_teacher,T) / T. It shrinks about as 1/T² once T is large;
 * multiplied by T² it stays of the same size, so T can move without rescaling the soft term.
 * The teacher is the ensemble's first member through the view's scale (one teacher keeps the
 * arithmetic exact and the point is the same); the student's logits are the distilled student's.
 */
export function softGradientNorm(grid: GridLogits, temperature: number, view: TeacherView): { plain: number; scaled: number } {
  const student = grid.student;
  const teacher = grid.members[0];
  if (!student || !teacher) return { plain: NaN, scaled: NaN };
  const classes = grid.classes;
  const scale = view.scales[0] ?? 1;
  const cells = student.length / classes;
  let total = 0;
  for (let i = 0; i < cells; i++) {
    const at = i * classes;
    const pt = softmax(
      Array.from(teacher.subarray(at, at + classes), (z) => z * scale),
      temperature,
    );
    const ps = softmax(student.subarray(at, at + classes), temperature);
    let norm = 0;
    for (let c = 0; c < classes; c++) norm += ((ps[c]! - pt[c]!) / temperature) ** 2;
    total += Math.sqrt(norm);
  }
  const plain = cells > 0 ? total / cells : NaN;
  return { plain, scaled: plain * temperature * temperature };
}
