/**
 * The losses and temperature schedules as formulas (LaTeX, rendered to MathML by temml in
 * Formula.tsx, one short line each so they fit the setup column), and the names the loss chart
 * gives each loss's terms. Notation: p^t, p^s the teachers' and the student's probabilities at
 * T, CE at T = 1, y the label, N the batch size, e the epoch of E.
 */
import type { LossName, TemperatureSchedule } from '../core/settings/config';

export interface FormulaText {
  /** LaTeX, one display line each. */
  lines: string[];
  /** Plain text under the lines: what is detached, where a constant comes from. */
  note?: string;
}

export interface LossText extends FormulaText {
  /** The soft and hard terms as the loss chart names them. */
  softTerm: string;
  hardTerm: string;
  reference: string;
}

const KL = (p: string, q: string) => String.raw`\mathrm{KL}\big(${p}\,\|\,${q}\big)`;

export const LOSS_TEXT: Record<LossName, LossText> = {
  kd: {
    lines: [
      String.raw`\begin{aligned}\mathcal{L} &= \alpha\,T^2\,${KL('p^{t}_{T}', 'p^{s}_{T}')}\\ &\quad + (1-\alpha)\,\mathrm{CE}(y, p^{s})\end{aligned}`,
    ],
    softTerm: 'Soft: α·T²·KL',
    hardTerm: 'Hard: (1 − α)·CE',
    reference: 'Hinton, Vinyals & Dean, “Distilling the knowledge in a neural network”, 2015.',
  },
  dkd: {
    lines: [
      String.raw`\begin{aligned}\mathcal{L} &= \mathrm{CE}(y, p^{s})\\ &\quad + w\,T^2\left(\alpha_{\mathrm{DKD}}\,\mathrm{TCKD} + \beta\,\mathrm{NCKD}\right)\end{aligned}`,
      String.raw`\mathrm{TCKD} = ${KL('b^{t}', 'b^{s}')}`,
      String.raw`b = \big[p_y,\ 1 - p_y\big]`,
      String.raw`\mathrm{NCKD} = ${KL('\\hat p^{t}', '\\hat p^{s}')}`,
      String.raw`\hat p_c = \frac{p_c}{1 - p_y}\ (c \ne y)`,
      String.raw`w = \min\big(e / E_w,\ 1\big),\quad E_w = \tfrac{20}{240}\,E`,
    ],
    note: 'α is not used: TCKD (target class) and NCKD (the other classes) have their own weights.',
    softTerm: 'Soft: w·T²·(α·TCKD + β·NCKD)',
    hardTerm: 'Hard: CE',
    reference: 'Zhao et al., “Decoupled knowledge distillation”, CVPR 2022.',
  },
  ls: {
    lines: [
      String.raw`\begin{aligned}\mathcal{L} &= \alpha\,T^2\,${KL('\\sigma(\\tilde z^{t}/T)', '\\sigma(\\tilde z^{s}/T)')}\\ &\quad + (1-\alpha)\,\mathrm{CE}(y, p^{s})\end{aligned}`,
      String.raw`\tilde z = \frac{z - \bar z}{\operatorname{std}(z) + 10^{-7}}`,
    ],
    note: 'std over the classes with n − 1 (unbiased), as in the paper’s code; teachers and student both standardised.',
    softTerm: 'Soft: α·T²·KL (standardised)',
    hardTerm: 'Hard: (1 − α)·CE',
    reference: 'Sun et al., “Logit standardization in knowledge distillation”, CVPR 2024.',
  },
  wsld: {
    lines: [
      String.raw`\begin{aligned}\mathcal{L} &= \alpha\,T^2\,\tfrac{1}{N}\textstyle\sum_i w_i\,\mathrm{KL}_i\\ &\quad + (1-\alpha)\,\mathrm{CE}\end{aligned}`,
      String.raw`w_i = 1 - \exp\!\left(-\,\mathrm{CE}^{s}_i \,/\, \mathrm{CE}^{t}_i\right)`,
    ],
    note: 'The weights use detached logits at T = 1: they steer the loss and are not trained through.',
    softTerm: 'Soft: α·T²·mean(w·KL)',
    hardTerm: 'Hard: (1 − α)·CE',
    reference: 'Zhou et al., “Rethinking soft labels for knowledge distillation: a bias–variance tradeoff perspective”, ICLR 2021.',
  },
  confidence: {
    lines: [
      String.raw`\begin{aligned}\mathcal{L} &= \tfrac{1}{N}\textstyle\sum_i \big[\alpha\,c_i\,T^2\,\mathrm{KL}_i\\ &\qquad + (1-\alpha\,c_i)\,\mathrm{CE}_i\big]\end{aligned}`,
      String.raw`c_i = \begin{cases} p^{t}_{y_i} & \text{if } \arg\max_c p^{t}_c = y_i \\ 0 & \text{otherwise} \end{cases}`,
    ],
    note: 'pᵗ at T = 1. Where the teachers are wrong, the student learns from the label alone.',
    softTerm: 'Soft: mean(α·c·T²·KL)',
    hardTerm: 'Hard: mean((1 − α·c)·CE)',
    reference: 'Per-sample weighting by the ensemble’s confidence in the label (this studio’s adaptive variant).',
  },
};

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
