/**
 * The distillation objective (Hinton, Vinyals & Dean 2015), on tensors:
 *   loss = alpha · T² · KL(p_teacher,T ‖ p_student,T) + (1 − alpha) · CE(y, p_student,1)
 * The T² factor keeps the soft term's gradient magnitude comparable as T changes
 * (soft-target gradients scale as 1/T²).
 *
 * The teacher side is carried as log-probabilities computed from logits (log-softmax, and
 * log-sum-exp for the mean of members), never as log(max(p, ε)) of probabilities: in half
 * precision (WebGL on many GPUs) ε = 1e-30 is 0 and log(0) = −∞.
 */
import * as tf from '@tensorflow/tfjs';
import type { EnsembleMode } from '../settings/config';
import { normalizedWeights } from '../ensemble/mixer';

export interface DistillLoss {
  total: tf.Scalar;
  /** Batch mean of KL(p_teacher,T ‖ p_student,T), before the alpha·T² weight. */
  soft: tf.Scalar;
  /** Batch mean of CE(y, softmax(student logits)). */
  hard: tf.Scalar;
}

function checkHyperparams(temperature: number, alpha: number): void {
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new Error(`temperature must be a finite number > 0, got ${temperature}`);
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`alpha must be in [0, 1], got ${alpha}`);
}

/**
 * log p_ensemble,T from member logits [members, batch, classes] (see soft-labels.ts for the means):
 *   arithmetic: log Σ_m w_m softmax(z_m / T) = logsumexp_m (log_softmax(z_m / T) + log w_m)   (w_m = 1/M by default)
 *   geometric:  log_softmax(Σ_m w_m z_m / T)
 * T is a number, or a scalar tensor when it is learnt (CTKD), so gradients reach it.
 */
export function ensembleLogTargets(
  memberLogits: tf.Tensor3D,
  temperature: number | tf.Scalar,
  mode: EnsembleMode,
  weights?: readonly number[],
): tf.Tensor2D {
  if (typeof temperature === 'number') checkHyperparams(temperature, 0);
  return tf.tidy(() => {
    const members = memberLogits.shape[0];
    // Equal weights keep the plain mean (the same arithmetic, and bits, as before weights existed).
    const w = weights && !weights.every((x) => x === weights[0]) ? normalizedWeights(weights) : null;
    if (w && w.length !== members) throw new Error(`${w.length} weights for ${members} members`);
    const perMember = (values: number[]) => tf.tensor3d(values, [members, 1, 1]);
    if (mode === 'geometric') {
      const mean = w ? tf.sum(tf.mul(memberLogits, perMember(w)), 0) : tf.mean(memberLogits, 0);
      return tf.logSoftmax(tf.div(mean, temperature)) as tf.Tensor2D;
    }
    const logProbs = tf.logSoftmax(tf.div(memberLogits, temperature));
    if (w) return tf.logSumExp(tf.add(logProbs, perMember(w.map((x) => (x > 0 ? Math.log(x) : -1e30)))), 0) as tf.Tensor2D;
    return tf.sub(tf.logSumExp(logProbs, 0), Math.log(members)) as tf.Tensor2D;
  });
}

/** The ensemble's probabilities at T: exp of ensembleLogTargets (for views and tests; the loss keeps the logs). */
export function ensembleSoftTargets(
  memberLogits: tf.Tensor3D,
  temperature: number,
  mode: EnsembleMode,
  weights?: readonly number[],
): tf.Tensor2D {
  return tf.tidy(() => tf.exp(ensembleLogTargets(memberLogits, temperature, mode, weights)) as tf.Tensor2D);
}

/** Per-sample CE(y, softmax(logits)), [batch]; labels are int32 class indices. */
export function ceRows(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.neg(tf.sum(tf.mul(tf.oneHot(labels, logits.shape[1]), tf.logSoftmax(logits)), 1)) as tf.Tensor1D;
}

/**
 * Per-sample KL(p ‖ q) from log p and log q, [batch]. Terms whose p underflows to 0 contribute
 * 0 (0 · finite), as 0 · log 0 = 0 should; log p itself stays finite.
 */
export function klRows(logP: tf.Tensor2D, logQ: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.mul(tf.exp(logP), tf.sub(logP, logQ)), 1) as tf.Tensor1D;
}

/** Batch mean of CE(y, softmax(logits)); labels are int32 class indices. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(ceRows(logits, labels)));
}

/** Batch mean of CE((1 − ε)·one-hot(y) + ε/C, softmax(logits)): label smoothing. */
export function smoothedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, epsilon: number): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const target = tf.add(tf.mul(tf.oneHot(labels, classes), 1 - epsilon), epsilon / classes);
    return tf.mean(tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1)));
  });
}

/** Batch mean of KL(p ‖ softmax(logits / T)) from log p. */
export function klFromLogTargets(logTargets: tf.Tensor2D, studentLogits: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => tf.mean(klRows(logTargets, tf.logSoftmax(tf.div(studentLogits, temperature)) as tf.Tensor2D)));
}

/** Vanilla KD with the parts separate (the benchmark's stock loop; the runs use kd-losses.ts, which agrees with it). */
export function distillationLoss(
  studentLogits: tf.Tensor2D,
  teacherLogProbs: tf.Tensor2D,
  labels: tf.Tensor1D,
  temperature: number,
  alpha: number,
): DistillLoss {
  checkHyperparams(temperature, alpha);
  const soft = klFromLogTargets(teacherLogProbs, studentLogits, temperature);
  const hard = crossEntropy(studentLogits, labels);
  const total = tf.tidy(() => tf.add(tf.mul(soft, alpha * temperature * temperature), tf.mul(hard, 1 - alpha)) as tf.Scalar);
  return { total, soft, hard };
}
