/**
 * The loss of each kind of training step, with the readings it records: one definition shared by
 * the jobs, the throughput probe and the benchmark, so all three time the same work.
 */
import * as tf from '@tensorflow/tfjs';
import { crossEntropy, distillationLoss } from './losses';
import type { StudentPair } from './student-pair';
import type { LiveHyperparams } from './types';

/** One teacher step's loss (dropout on): cross-entropy with the hard labels. */
export function teacherLoss(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor1D): tf.Scalar[] {
  return [crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y)];
}

/**
 * One step's loss for the pair and its readings: [student + baseline loss (minimised), student
 * total, KL, CE, training-batch hits, baseline CE]. Minimising the sum trains each model on its
 * own loss (student-pair.ts). The students have no dropout, so their training-mode predictions
 * are their real ones: the epoch's training accuracy comes free from the batches trained on.
 */
export function pairLoss(
  pair: StudentPair,
  x: tf.Tensor2D,
  y: tf.Tensor1D,
  targetLogProbs: tf.Tensor2D,
  hyper: LiveHyperparams,
): tf.Scalar[] {
  const logits = pair.logits(x);
  const parts = distillationLoss(logits.student, targetLogProbs, y, hyper.temperature, hyper.alpha);
  const baselineLoss = crossEntropy(logits.baseline, y);
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits.student, 1), y), 'float32')) as tf.Scalar;
  return [tf.add(parts.total, baselineLoss) as tf.Scalar, parts.total, parts.soft, parts.hard, correct, baselineLoss];
}
