/**
 * The distillation losses the studio offers, each described once: its id (the value in configs,
 * the URL and the CLI), its names, its formula (LaTeX, typeset on the page), the settings it reads
 * and what it needs from the data. The Loss setting's options, the loss chart's term names, the
 * formula box, the run descriptions and the checks before a run all come from this table; each
 * loss's function is in kd-losses.ts (LOSS_FUNCTIONS, typed so that every id here has one).
 * No tfjs here, so the page can read it.
 *
 * Notation of the formulas: p^t, p^s the teachers' and the student's probabilities at T, CE at
 * T = 1, y the label, N the batch size, e the epoch of E.
 */

/** A formula as the page shows it: one short display line each, so it fits the setup column. */
export interface FormulaText {
  /** LaTeX, one display line each. */
  lines: readonly string[];
  /** Plain text under the lines: what is detached, where a constant comes from. */
  note?: string;
}

export interface LossSpec {
  id: string;
  /** The option's label in the Loss select. */
  label: string;
  /** The loss in a table cell, a run's description or a file name: "KD", "DKD". */
  short: string;
  /**
   * The settings its formula reads (keys of the settings registry; config.ts checks them). A
   * setting that some losses read and others do not is shown only with those that read it.
   */
  uses: readonly string[];
  /** Weighs the soft term per sample, with weights in [0, 1] shown as a histogram. */
  weighted: boolean;
  /** Reads the teachers' probabilities at T = 1 besides (or instead of) those at T. */
  teacherAtOne: boolean;
  /** Its soft term reads the true label: it cannot learn from unlabelled samples. */
  needsLabels: boolean;
  /** The teachers' and the student's logits as the soft term reads them: as they are, or standardised. */
  logits: 'raw' | 'standardized';
  formula: FormulaText & {
    /** The soft and hard terms as the loss chart names them. */
    softTerm: string;
    hardTerm: string;
    reference: string;
  };
}

const KL = (p: string, q: string) => String.raw`\mathrm{KL}\big(${p}\,\|\,${q}\big)`;

export const LOSSES = [
  {
    id: 'kd',
    label: 'Vanilla KD (Hinton et al. 2015)',
    short: 'KD',
    uses: ['temperature', 'alpha'],
    weighted: false,
    teacherAtOne: false,
    needsLabels: false,
    logits: 'raw',
    formula: {
      lines: [
        String.raw`\begin{aligned}\mathcal{L} &= \alpha\,T^2\,${KL('p^{t}_{T}', 'p^{s}_{T}')}\\ &\quad + (1-\alpha)\,\mathrm{CE}(y, p^{s})\end{aligned}`,
      ],
      softTerm: 'Soft: α·T²·KL',
      hardTerm: 'Hard: (1 − α)·CE',
      reference: 'Hinton, Vinyals & Dean, “Distilling the knowledge in a neural network”, 2015.',
    },
  },
  {
    id: 'dkd',
    label: 'DKD, decoupled (Zhao et al. 2022)',
    short: 'DKD',
    uses: ['temperature', 'dkdAlpha', 'dkdBeta'],
    weighted: false,
    teacherAtOne: false,
    needsLabels: true,
    logits: 'raw',
    formula: {
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
  },
  {
    id: 'ls',
    label: 'Logit standardisation (Sun et al. 2024)',
    short: 'LS',
    uses: ['temperature', 'alpha'],
    weighted: false,
    teacherAtOne: false,
    needsLabels: false,
    logits: 'standardized',
    formula: {
      lines: [
        String.raw`\begin{aligned}\mathcal{L} &= \alpha\,T^2\,${KL('\\sigma(\\tilde z^{t}/T)', '\\sigma(\\tilde z^{s}/T)')}\\ &\quad + (1-\alpha)\,\mathrm{CE}(y, p^{s})\end{aligned}`,
        String.raw`\tilde z = \frac{z - \bar z}{\operatorname{std}(z) + 10^{-7}}`,
      ],
      note: 'std over the classes with n − 1 (unbiased), as in the paper’s code; teachers and student both standardised.',
      softTerm: 'Soft: α·T²·KL (standardised)',
      hardTerm: 'Hard: (1 − α)·CE',
      reference: 'Sun et al., “Logit standardization in knowledge distillation”, CVPR 2024.',
    },
  },
  {
    id: 'wsld',
    label: 'WSLD, weighted soft labels (Zhou et al. 2021)',
    short: 'WSLD',
    uses: ['temperature', 'alpha'],
    weighted: true,
    teacherAtOne: true,
    needsLabels: true,
    logits: 'raw',
    formula: {
      lines: [
        String.raw`\begin{aligned}\mathcal{L} &= \alpha\,T^2\,\tfrac{1}{N}\textstyle\sum_i w_i\,\mathrm{KL}_i\\ &\quad + (1-\alpha)\,\mathrm{CE}\end{aligned}`,
        String.raw`w_i = 1 - \exp\!\left(-\,\mathrm{CE}^{s}_i \,/\, \mathrm{CE}^{t}_i\right)`,
      ],
      note: 'The weights use detached logits at T = 1: they steer the loss and are not trained through.',
      softTerm: 'Soft: α·T²·mean(w·KL)',
      hardTerm: 'Hard: (1 − α)·CE',
      reference: 'Zhou et al., “Rethinking soft labels for knowledge distillation: a bias–variance tradeoff perspective”, ICLR 2021.',
    },
  },
  {
    id: 'confidence',
    label: 'Teacher-confidence weighting',
    short: 'confidence-weighted',
    uses: ['temperature', 'alpha'],
    weighted: true,
    teacherAtOne: true,
    needsLabels: true,
    logits: 'raw',
    formula: {
      lines: [
        String.raw`\begin{aligned}\mathcal{L} &= \tfrac{1}{N}\textstyle\sum_i \big[\alpha\,c_i\,T^2\,\mathrm{KL}_i\\ &\qquad + (1-\alpha\,c_i)\,\mathrm{CE}_i\big]\end{aligned}`,
        String.raw`c_i = \begin{cases} p^{t}_{y_i} & \text{if } \arg\max_c p^{t}_c = y_i \\ 0 & \text{otherwise} \end{cases}`,
      ],
      note: 'pᵗ at T = 1. Where the teachers are wrong, the student learns from the label alone.',
      softTerm: 'Soft: mean(α·c·T²·KL)',
      hardTerm: 'Hard: mean((1 − α·c)·CE)',
      reference: 'Per-sample weighting by the ensemble’s confidence in the label (this studio’s adaptive variant).',
    },
  },
  {
    id: 'dist',
    label: 'DIST, correlation matching (Huang et al. 2022)',
    short: 'DIST',
    uses: ['temperature', 'alpha'],
    weighted: false,
    teacherAtOne: false,
    needsLabels: false,
    logits: 'raw',
    formula: {
      lines: [
        String.raw`\mathcal{L} = \alpha\,T^2\,(\mathrm{inter} + \mathrm{intra}) + (1-\alpha)\,\mathrm{CE}`,
        String.raw`\mathrm{inter} = 1 - \tfrac{1}{N}\textstyle\sum_i \rho\big(p^{s}_{i,:},\, p^{t}_{i,:}\big)`,
        String.raw`\mathrm{intra} = 1 - \tfrac{1}{C}\textstyle\sum_c \rho\big(p^{s}_{:,c},\, p^{t}_{:,c}\big)`,
        String.raw`\rho(a, b) = \frac{(a - \bar a)\cdot(b - \bar b)}{\lVert a - \bar a\rVert\,\lVert b - \bar b\rVert + 10^{-8}}`,
      ],
      note: 'Pearson correlation of the probabilities at T: of each sample over the classes (inter), of each class over the batch (intra). The paper adds β·T²·inter + γ·T²·intra to CE; α = 0.5 is its β = γ = 1, halved.',
      softTerm: 'Soft: α·T²·(inter + intra)',
      hardTerm: 'Hard: (1 − α)·CE',
      reference: 'Huang et al., “Knowledge distillation from a stronger teacher”, NeurIPS 2022.',
    },
  },
  {
    id: 'ttm',
    label: 'TTM, teacher-only temperature (Zheng & Yang 2024)',
    short: 'TTM',
    uses: ['temperature', 'alpha'],
    weighted: false,
    teacherAtOne: true,
    needsLabels: false,
    logits: 'raw',
    formula: {
      lines: [
        String.raw`\mathcal{L} = \alpha\,${KL('\\tilde p^{t}', 'p^{s}_{1}')} + (1-\alpha)\,\mathrm{CE}`,
        String.raw`\tilde p^{t}_c = \frac{(p^{t}_{1,c})^{1/T}}{\sum_k (p^{t}_{1,k})^{1/T}}`,
      ],
      note: 'T transforms the teachers only: the student stays at T = 1 and there is no T². The paper adds β·KL to CE: β = α / (1 − α).',
      softTerm: 'Soft: α·KL(p̃ᵗ ‖ pˢ)',
      hardTerm: 'Hard: (1 − α)·CE',
      reference: 'Zheng & Yang, “Knowledge distillation based on transformed teacher matching”, ICLR 2024.',
    },
  },
  {
    id: 'wttm',
    label: 'WTTM, weighted TTM (Zheng & Yang 2024)',
    short: 'WTTM',
    uses: ['temperature', 'alpha'],
    weighted: true,
    teacherAtOne: true,
    needsLabels: false,
    logits: 'raw',
    formula: {
      lines: [
        String.raw`\mathcal{L} = \alpha\,\tfrac{1}{N}\textstyle\sum_i U_i\,\mathrm{KL}\big(\tilde p^{t}_i \,\|\, p^{s}_{1,i}\big) + (1-\alpha)\,\mathrm{CE}`,
        String.raw`U_i = \textstyle\sum_c (p^{t}_{1,ic})^{1/T}`,
      ],
      note: 'p̃ᵗ as in TTM. U is larger where the teachers are less sure; the histogram shows U / C^(1 − 1/T), its share of a uniform teacher’s.',
      softTerm: 'Soft: α·mean(U·KL)',
      hardTerm: 'Hard: (1 − α)·CE',
      reference: 'Zheng & Yang, “Knowledge distillation based on transformed teacher matching”, ICLR 2024.',
    },
  },
  {
    id: 'nkd',
    label: 'NKD, normalised non-target (Yang et al. 2023)',
    short: 'NKD',
    uses: ['temperature'],
    weighted: false,
    teacherAtOne: true,
    needsLabels: true,
    logits: 'raw',
    formula: {
      lines: [
        String.raw`\begin{aligned}\mathcal{L} &= \mathrm{CE} - \tfrac{1}{N}\textstyle\sum_i p^{t}_{1,y_i}\log p^{s}_{1,y_i}\\ &\quad - \gamma\,T^2\,\tfrac{1}{N}\textstyle\sum_i \sum_{c \ne y_i} \hat p^{t}_{c}\log \hat p^{s}_{c}\end{aligned}`,
        String.raw`\hat p_c = \frac{p_{T,c}}{1 - p_{T,y}}\ (c \ne y),\quad \gamma = 1.5`,
      ],
      note: 'α is not used. The teachers’ probability of the label (at T = 1) weighs the student’s; the other classes are matched renormalised, at T. γ = 1.5 as in the paper.',
      softTerm: 'Soft: target + γ·T²·non-target',
      hardTerm: 'Hard: CE',
      reference:
        'Yang et al., “From knowledge distillation to self-knowledge distillation: a unified approach with normalized loss and customized soft labels”, ICCV 2023.',
    },
  },
] as const satisfies readonly LossSpec[];

/** The distillation loss: one of LOSSES' ids. */
export type LossName = (typeof LOSSES)[number]['id'];

/** The loss `id`'s entry (throws for an id that is not in the table). */
export function lossById(id: LossName): LossSpec {
  const loss = LOSSES.find((l) => l.id === id);
  if (!loss) throw new Error(`unknown loss "${String(id)}"`);
  return loss;
}

/** Losses that weigh the soft term per sample (they read the teachers at T = 1 too, and have a weight histogram). */
export const isWeighted = (loss: LossName): boolean => lossById(loss).weighted;

/** Whether `loss` reads the setting `key` (e.g. DKD reads its own weights and not alpha). */
export const lossUses = (loss: LossName, key: string): boolean => lossById(loss).uses.includes(key);
