/**
 * The temperature schedules as formulas (LaTeX, rendered to MathML by temml in Formula.tsx, one
 * short line each so they fit the setup column). The losses' formulas are in their registry
 * (core/losses/registry.ts). Notation: T₀ the Temperature, T₁ the final temperature, k of K batches.
 */
import type { FormulaText } from '../core/losses/registry';
import type { TemperatureSchedule } from '../core/settings/config';

export type { FormulaText };

export const SCHEDULE_TEXT: Record<TemperatureSchedule, FormulaText | null> = {
  constant: null,
  linear: {
    lines: [String.raw`T_k = T_0 + \left(T_1 - T_0\right)\frac{k}{K-1}`],
    note: 'Batch k of K; T₀ is the Temperature, T₁ the final temperature.',
  },
  cosine: {
    lines: [String.raw`T_k = T_1 + \tfrac{1}{2}\left(T_0 - T_1\right)\left(1 + \cos\frac{\pi k}{K-1}\right)`],
    note: 'Batch k of K; T₀ is the Temperature, T₁ the final temperature.',
  },
  ctkd: {
    lines: [
      String.raw`T = 1 + 20\,\sigma(\theta)`,
      String.raw`\theta \leftarrow \theta + \eta\,\lambda\,\partial\mathcal{L}/\partial\theta`,
      String.raw`\lambda = \tfrac{1}{2}\Big(1 - \cos\big(\pi \min(\tfrac{e-1}{E_\lambda}, 1)\big)\Big)`,
      String.raw`E_\lambda = \tfrac{10}{240}\,E`,
    ],
    note: 'θ starts where T is the Temperature and climbs the loss through a gradient-reversal layer while the student descends it.',
  },
};
