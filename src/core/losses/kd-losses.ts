/**
 * The distillation losses the studio offers, on tensors, each as its terms enter the total. The
 * teachers come as log-probabilities (computed from their logits, see losses.ts), the student as
 * logits. T may be a number or a scalar tensor (learnt by CTKD), so gradients reach it.
 *
 * - kd: vanilla KD (Hinton et al. 2015): α·T²·KL(p_t,T ‖ p_s,T) + (1 − α)·CE(y, p_s).
 * - dkd: decoupled KD (Zhao et al., CVPR 2022): CE(y, p_s) + w·T²·(α_dkd·TCKD + β·NCKD), where
 *   TCKD = KL(b_t ‖ b_s) on the binary split b = [p_target, 1 − p_target] at T, NCKD = KL(p̂_t ‖ p̂_s)
 *   over the non-target classes only (renormalised), and w the warm-up factor.
 * - ls: logit standardisation (Sun et al., CVPR 2024): vanilla KD on z ↦ (z − mean z)/(std z + 1e-7)
 *   of student and teachers (std over the classes, unbiased as in the paper's code); the teachers'
 *   standardised targets come in `teacherLogProbsT`, the student is standardised here.
 * - wsld: weighted soft labels (Zhou et al., ICLR 2021): the soft term per sample weighted by
 *   w_i = 1 − exp(−CE_s,i / CE_t,i), on detached logits: α·T²·mean(w_i·KL_i) + (1 − α)·CE.
 * - confidence: the soft term per sample weighted by the ensemble's confidence in the true class,
 *   and the hard label alone where the ensemble is wrong: c_i = p_t,1(y_i) if argmax p_t,1 = y_i
 *   else 0; loss_i = α·c_i·T²·KL_i + (1 − α·c_i)·CE_i.
 * - dist: DIST (Huang et al., NeurIPS 2022): α·T²·(inter + intra) + (1 − α)·CE, inter = 1 − the mean
 *   Pearson correlation of student and teachers' probabilities at T over the classes (per sample),
 *   intra = the same over the batch (per class).
 * - ttm, wttm: transformed teacher matching (Zheng & Yang, ICLR 2024): T acts on the teachers only,
 *   p̃_t = softmax(log p_t,1 / T) = p_t,1^(1/T) renormalised, matched by the student at T = 1:
 *   α·KL(p̃_t ‖ p_s,1) + (1 − α)·CE; WTTM weighs each sample's KL by U_i = Σ_c p_t,1(c)^(1/T).
 * - nkd: normalised KD (Yang et al., ICCV 2023): CE − mean(p_t,1(y)·log p_s,1(y)) −
 *   γ·T²·mean Σ_{c≠y} p̂_t,c·log p̂_s,c, the non-target classes renormalised at T, γ = 1.5.
 */
import * as tf from '@tensorflow/tfjs';
import { ceRows, klRows } from './losses';
import { lossById, LOSSES, type LossName } from './registry';

export type { LossName };

export interface DkdWeights {
  alpha: number;
  beta: number;
  /** The warm-up factor in [0, 1] (schedules.ts). */
  warmup: number;
}

export interface LossInputs {
  studentLogits: tf.Tensor2D;
  labels: tf.Tensor1D;
  temperature: number | tf.Scalar;
  alpha: number;
  /** log p_teachers at T (for ls: of the standardised teacher logits). */
  teacherLogProbsT: tf.Tensor2D;
  /** log p_teachers at T = 1 (the losses with teacherAtOne in the registry). */
  teacherLogProbs1?: tf.Tensor2D;
  dkd?: DkdWeights;
  /**
   * 1 for the rows with a label, 0 for the unlabelled transfer set's (their `labels` are
   * placeholders): the hard term averages over the labelled rows only. Absent: every row has one.
   */
  labelled?: tf.Tensor1D;
}

export interface LossOutput {
  total: tf.Scalar;
  /** The soft (teacher) part as it enters the total. */
  softTerm: tf.Scalar;
  /** The hard-label part as it enters the total. */
  hardTerm: tf.Scalar;
  /**
   * Batch mean of KL(p_t,T ‖ p_s,T) before any weight; for the losses whose soft term is something
   * else, that term before its weights (dkd: α_dkd·TCKD + β·NCKD; dist: inter + intra; ttm, wttm:
   * KL(p̃_t ‖ p_s,1); nkd: the target and non-target terms).
   */
  kl: tf.Scalar;
  /** Batch mean of CE(y, softmax(student logits)) over the labelled rows, before any weight. */
  ce: tf.Scalar;
  /** Per-sample weights of the soft term in [0, 1] (the registry's weighted losses), for the histogram. */
  weights?: tf.Tensor1D;
}

/** Losses whose soft term reads the true label: they cannot learn from unlabelled samples (the registry's `needsLabels`). */
export const LABEL_DEPENDENT: readonly LossName[] = LOSSES.filter((l) => l.needsLabels).map((l) => l.id);

/** The mean of `rows` over the rows where `labelled` is 1 (0 when the batch has none). */
export function labelledMean(rows: tf.Tensor1D, labelled: tf.Tensor1D): tf.Scalar {
  return tf.div(tf.sum(tf.mul(rows, labelled)), tf.maximum(tf.sum(labelled), 1)) as tf.Scalar;
}

/** Keeps WSLD's ratio finite where the teachers are certain of the true class (CE_t = 0). */
const WSLD_EPSILON = 1e-7;

/** A mask pushed onto a logit or log-probability to drop its class (exp(−1e9) = 0 exactly). */
const DROPPED = -1e9;

/**
 * (z − mean z) / (std z + 1e-7) over the classes (the last axis), std with n − 1 (unbiased) as in
 * Sun et al.'s code (torch.std's default). Works on [batch, classes] and [members, batch, classes].
 */
export function standardizeLogits<T extends tf.Tensor>(logits: T): T {
  return tf.tidy(() => {
    const axis = logits.rank - 1;
    const classes = logits.shape[axis]!;
    const centred = tf.sub(logits, tf.mean(logits, axis, true));
    const variance = tf.div(tf.sum(tf.square(centred), axis, true), classes - 1);
    return tf.div(centred, tf.add(tf.sqrt(variance), 1e-7)) as T;
  });
}

/** log of the binary split [p_target, 1 − p_target], [batch, 2], from log-probabilities. */
function binarySplit(logP: tf.Tensor2D, targetMask: tf.Tensor2D): tf.Tensor2D {
  const logTarget = tf.sum(tf.mul(logP, targetMask), 1, true);
  // log(1 − p_target) as the log-sum-exp of the other classes: exact where p_target ≈ 1.
  const logOthers = tf.logSumExp(tf.add(logP, tf.mul(targetMask, DROPPED)), 1, true);
  return tf.concat([logTarget, logOthers], 1) as tf.Tensor2D;
}

/** log p̂ over the non-target classes, renormalised; the target's entry is dropped (it adds 0 to a KL). */
function nonTarget(logP: tf.Tensor2D, targetMask: tf.Tensor2D): tf.Tensor2D {
  const masked = tf.add(logP, tf.mul(targetMask, DROPPED));
  return tf.sub(masked, tf.logSumExp(masked, 1, true)) as tf.Tensor2D;
}

/** What every loss starts from: the inputs, T², the hard term's rows and mean, and both distributions at T. */
interface LossParts extends LossInputs {
  t2: tf.Scalar;
  /** CE(y, p_s) per row, and its mean over the labelled rows. */
  ceRow: tf.Tensor1D;
  ce: tf.Scalar;
  /** log p_s,T (of the standardised student logits where the loss reads them so) and log p_t,T. */
  logQ: tf.Tensor2D;
  logP: tf.Tensor2D;
}

/** α·T²·KL + (1 − α)·CE: vanilla KD, and logit standardisation on standardised logits. */
function softPlusHard({ logP, logQ, t2, alpha, ce }: LossParts): LossOutput {
  const klRow = klRows(logP, logQ);
  const kl = tf.mean(klRow) as tf.Scalar;
  const softTerm = tf.mul(tf.mul(kl, t2), alpha) as tf.Scalar;
  const hardTerm = tf.mul(ce, 1 - alpha) as tf.Scalar;
  return { total: tf.add(softTerm, hardTerm) as tf.Scalar, softTerm, hardTerm, kl, ce };
}

/** CE + w·T²·(α_dkd·TCKD + β·NCKD). */
function decoupled({ logP, logQ, t2, ce, labels, studentLogits, dkd }: LossParts): LossOutput {
  const { alpha: a, beta, warmup } = dkd ?? { alpha: 1, beta: 8, warmup: 1 };
  const mask = tf.oneHot(labels, studentLogits.shape[1]) as tf.Tensor2D;
  const tckd = klRows(binarySplit(logP, mask), binarySplit(logQ, mask));
  const nckd = klRows(nonTarget(logP, mask), nonTarget(logQ, mask));
  const kl = tf.mean(tf.add(tf.mul(tckd, a), tf.mul(nckd, beta))) as tf.Scalar;
  const softTerm = tf.mul(tf.mul(kl, t2), warmup) as tf.Scalar;
  return { total: tf.add(ce, softTerm) as tf.Scalar, softTerm, hardTerm: ce, kl, ce };
}

/** The soft term per sample weighted from the teachers at T = 1: WSLD's ratio, or the ensemble's confidence. */
function perSampleWeighted(kind: 'wsld' | 'confidence') {
  return ({ logP, logQ, t2, alpha, ce, ceRow, labels, studentLogits, teacherLogProbs1: teacher1 }: LossParts): LossOutput => {
    const klRow = klRows(logP, logQ);
    const kl = tf.mean(klRow) as tf.Scalar;
    if (!teacher1) throw new Error(`the ${kind} loss needs the teachers' log-probabilities at T = 1`);
    const teacherTrue = tf.sum(tf.mul(teacher1, tf.oneHot(labels, studentLogits.shape[1])), 1) as tf.Tensor1D; // log p_t,1(y)
    if (kind === 'wsld') {
      // Detached: the weights steer the loss, they are not trained through.
      const ratio = tf.div(detach(ceRow), tf.add(tf.neg(teacherTrue), WSLD_EPSILON));
      const weights = tf.sub(1, tf.exp(tf.neg(ratio))) as tf.Tensor1D;
      const softTerm = tf.mul(tf.mean(tf.mul(weights, klRow)), tf.mul(t2, alpha)) as tf.Scalar;
      const hardTerm = tf.mul(ce, 1 - alpha) as tf.Scalar;
      return { total: tf.add(softTerm, hardTerm) as tf.Scalar, softTerm, hardTerm, kl, ce, weights };
    }
    // confidence: the teachers' probability of the true class where they are right, else 0 (the label alone).
    const right = tf.cast(tf.equal(tf.argMax(teacher1, 1), labels), 'float32');
    const weights = tf.mul(tf.exp(teacherTrue), right) as tf.Tensor1D;
    const softWeight = tf.mul(weights, alpha);
    const softTerm = tf.mul(tf.mean(tf.mul(softWeight, klRow)), t2) as tf.Scalar;
    const hardTerm = tf.mean(tf.mul(tf.sub(1, softWeight), ceRow)) as tf.Scalar;
    return { total: tf.add(softTerm, hardTerm) as tf.Scalar, softTerm, hardTerm, kl, ce, weights };
  };
}

/** Keeps a norm's gradient finite where a row is constant (a one-sample batch's class column). */
const TINY_SQUARE_NORM = 1e-24;

/** Pearson's correlation of a and b along axis 1, per row (eps 1e-8 as in DIST's code). */
function pearsonRows(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  const centred = (x: tf.Tensor2D) => tf.sub(x, tf.mean(x, 1, true));
  const norm = (x: tf.Tensor) => tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1), TINY_SQUARE_NORM));
  const [ac, bc] = [centred(a), centred(b)];
  return tf.div(tf.sum(tf.mul(ac, bc), 1), tf.add(tf.mul(norm(ac), norm(bc)), 1e-8)) as tf.Tensor1D;
}

/** DIST: α·T²·(inter + intra) + (1 − α)·CE, correlations of the probabilities at T. */
function correlation({ logP, logQ, t2, alpha, ce }: LossParts): LossOutput {
  const [p, q] = [tf.exp(logP), tf.exp(logQ)];
  const inter = tf.sub(1, tf.mean(pearsonRows(q, p)));
  const intra = tf.sub(1, tf.mean(pearsonRows(tf.transpose(q), tf.transpose(p))));
  const kl = tf.add(inter, intra) as tf.Scalar;
  const softTerm = tf.mul(tf.mul(kl, t2), alpha) as tf.Scalar;
  const hardTerm = tf.mul(ce, 1 - alpha) as tf.Scalar;
  return { total: tf.add(softTerm, hardTerm) as tf.Scalar, softTerm, hardTerm, kl, ce };
}

/** The teachers at T = 1, or an error naming the loss that needs them. */
function teachersAtOne(name: string, parts: LossParts): tf.Tensor2D {
  if (!parts.teacherLogProbs1) throw new Error(`the ${name} loss needs the teachers' log-probabilities at T = 1`);
  return parts.teacherLogProbs1;
}

/** TTM and WTTM: the student at T = 1 matches the teachers at T = 1 raised to 1/T and renormalised. */
function transformedTeacher(kind: 'ttm' | 'wttm') {
  return (parts: LossParts): LossOutput => {
    const { studentLogits, temperature, alpha, ce } = parts;
    const scaled = tf.div(teachersAtOne(kind, parts), temperature); // log p_t,1^(1/T), unnormalised
    const klRow = klRows(tf.logSoftmax(scaled) as tf.Tensor2D, tf.logSoftmax(studentLogits) as tf.Tensor2D);
    const kl = tf.mean(klRow) as tf.Scalar;
    const hardTerm = tf.mul(ce, 1 - alpha) as tf.Scalar;
    if (kind === 'ttm') {
      const softTerm = tf.mul(kl, alpha) as tf.Scalar;
      return { total: tf.add(softTerm, hardTerm) as tf.Scalar, softTerm, hardTerm, kl, ce };
    }
    const power = tf.exp(tf.logSumExp(scaled, 1)) as tf.Tensor1D; // U_i = Σ_c p_t,1(c)^(1/T)
    const softTerm = tf.mul(tf.mean(tf.mul(power, klRow)), alpha) as tf.Scalar;
    // For the histogram: U over its largest value, a uniform teacher's C^(1 − 1/T) (1 for T < 1).
    const classes = studentLogits.shape[1];
    const uniform = tf.maximum(tf.pow(classes, tf.sub(1, tf.div(1, temperature))), 1);
    const weights = tf.div(power, uniform) as tf.Tensor1D;
    return { total: tf.add(softTerm, hardTerm) as tf.Scalar, softTerm, hardTerm, kl, ce, weights };
  };
}

/** NKD's weight of the non-target term (the paper's γ). */
export const NKD_GAMMA = 1.5;

/** NKD: CE, the label's probability matched at T = 1, and the other classes renormalised at T. */
function normalizedNonTarget(parts: LossParts): LossOutput {
  const { logP, logQ, t2, ce, labels, studentLogits } = parts;
  const mask = tf.oneHot(labels, studentLogits.shape[1]) as tf.Tensor2D;
  const teacherTrue = tf.exp(tf.sum(tf.mul(teachersAtOne('nkd', parts), mask), 1));
  const studentTrue = tf.sum(tf.mul(tf.logSoftmax(studentLogits), mask), 1);
  const target = tf.neg(tf.mean(tf.mul(teacherTrue, studentTrue)));
  const [teacherOthers, studentOthers] = [nonTarget(logP, mask), nonTarget(logQ, mask)];
  // The target's entries are exp(−1e9) = 0 times a finite log: they add nothing.
  const others = tf.neg(tf.mean(tf.sum(tf.mul(tf.exp(teacherOthers), studentOthers), 1)));
  const softTerm = tf.add(target, tf.mul(tf.mul(others, t2), NKD_GAMMA)) as tf.Scalar;
  const kl = tf.add(target, others) as tf.Scalar;
  return { total: tf.add(ce, softTerm) as tf.Scalar, softTerm, hardTerm: ce, kl, ce };
}

/** Each loss of the registry (losses/registry.ts) as a function of the common parts: a loss without one fails the type check. */
export const LOSS_FUNCTIONS: { readonly [K in LossName]: (parts: LossParts) => LossOutput } = {
  kd: softPlusHard,
  dkd: decoupled,
  ls: softPlusHard,
  wsld: perSampleWeighted('wsld'),
  confidence: perSampleWeighted('confidence'),
  dist: correlation,
  ttm: transformedTeacher('ttm'),
  wttm: transformedTeacher('wttm'),
  nkd: normalizedNonTarget,
};

/** The loss `name` and its parts (call inside a tidy or a gradient tape). */
export function distillLoss(name: LossName, inputs: LossInputs): LossOutput {
  const { studentLogits, labels } = inputs;
  const spec = lossById(name);
  const T = typeof inputs.temperature === 'number' ? tf.scalar(inputs.temperature) : inputs.temperature;
  const t2 = tf.square(T);
  if (inputs.labelled && spec.needsLabels) {
    throw new Error(
      `The ${name} loss needs a label for every sample; the unlabelled transfer set has none. Use vanilla KD or logit standardisation.`,
    );
  }
  const ceRow = ceRows(studentLogits, labels);
  const ce = inputs.labelled ? labelledMean(ceRow, inputs.labelled) : (tf.mean(ceRow) as tf.Scalar);
  const student = spec.logits === 'standardized' ? standardizeLogits(studentLogits) : studentLogits;
  const logQ = tf.logSoftmax(tf.div(student, T)) as tf.Tensor2D;
  return LOSS_FUNCTIONS[name]({ ...inputs, t2, ceRow, ce, logQ, logP: inputs.teacherLogProbsT });
}

/** The value of x with no gradient through it (tfjs has no stopGradient op). */
export function detach<T extends tf.Tensor>(x: T): T {
  const f = tf.customGrad((input, save) => {
    (save as tf.GradSaveFunc)([]);
    return { value: tf.clone(input as tf.Tensor), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
  });
  return f(x) as T;
}

/** A gradient-reversal layer (Ganin & Lempitsky 2015): identity forward, −λ times the gradient backward. */
export function reverseGradient<T extends tf.Tensor>(x: T, lambda: number): T {
  const f = tf.customGrad((input, save) => {
    (save as tf.GradSaveFunc)([]);
    return { value: tf.clone(input as tf.Tensor), gradFunc: (dy: tf.Tensor) => tf.mul(dy, -lambda) };
  });
  return f(x) as T;
}

/** CTKD's temperature from its parameter θ: T = 1 + 20·sigmoid(θ), with the gradient to θ reversed and scaled by λ. */
export function learnedTemperature(theta: tf.Tensor, lambda: number): tf.Scalar {
  return tf.add(1, tf.mul(20, tf.sigmoid(reverseGradient(theta, lambda)))).reshape([]) as tf.Scalar;
}

/** θ for a starting temperature (the inverse of T = 1 + 20·sigmoid(θ), T clamped into (1, 21)). */
export function thetaFor(temperature: number): number {
  const s = Math.min(Math.max((temperature - 1) / 20, 1e-4), 1 - 1e-4);
  return Math.log(s / (1 - s));
}
