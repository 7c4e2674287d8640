/**
 * The Fashion-MNIST table's result lines (scripts/fashion-table.ts) and how a student's T and alpha
 * are chosen from them: on validation, never on test.
 */

export interface Figures {
  val: number;
  test: number;
}

export interface StudentLine {
  seed: number;
  variant: string;
  temperature: number;
  alpha: number;
  ensemble: Figures;
  student: Figures;
  baseline: Figures;
  seconds: number;
}

/**
 * Per student, the settings chosen on validation: among the candidates measured on the first seed
 * searched (the search's lines and the preset's own run), the one whose distilled student scored best
 * on the validation split. Students with a single candidate were not searched and get no choice.
 */
export function choices(measured: StudentLine[], searched: StudentLine[]): Map<string, { temperature: number; alpha: number }> {
  const chosen = new Map<string, { temperature: number; alpha: number }>();
  for (const variant of new Set(searched.map((l) => l.variant))) {
    const seed = Math.min(...searched.filter((l) => l.variant === variant).map((l) => l.seed));
    const candidates = measured.filter((l) => l.variant === variant && l.seed === seed);
    if (new Set(candidates.map((l) => `${l.temperature} ${l.alpha}`)).size < 2) continue;
    const best = candidates.reduce((a, b) => (b.student.val > a.student.val ? b : a));
    chosen.set(variant, { temperature: best.temperature, alpha: best.alpha });
  }
  return chosen;
}
