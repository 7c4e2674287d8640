/**
 * The loss of each kind of training step, with the readings it records: one definition shared by
 * the jobs, the throughput probe and the benchmark, so all three time the same work.
 */
import * as tf from '@tensorflow/tfjs';
import { WEIGHT_BINS } from '../settings/config';
import { distillLoss, labelledMean, type DkdWeights, type LossName } from './kd-losses';
import { ceRows, crossEntropy, smoothedCrossEntropy } from './losses';
import type { StudentPair } from '../models/student-pair';

/**
 * One teacher step's loss (dropout on): cross-entropy with the hard labels, or with the labels
 * smoothed by ε (Müller et al. 2019): (1 − ε)·one-hot + ε/C.
 */
export function teacherLoss(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor1D, labelSmoothing = 0): tf.Scalar[] {
  const logits = model.apply(x, { training: true }) as tf.Tensor2D;
  return [labelSmoothing > 0 ? smoothedCrossEntropy(logits, y, labelSmoothing) : crossEntropy(logits, y)];
}

/** What a pair step distils with: the loss and its settings for this batch. */
export interface PairStepSettings {
  loss: LossName;
  /** A number, or CTKD's learnt temperature (a scalar tensor on the tape). */
  temperature: number | tf.Scalar;
  alpha: number;
  dkd?: DkdWeights;
  /** Also record a histogram of the per-sample soft-term weights (weighted losses only). */
  weightHistogram?: boolean;
  /** 1 for the batch's labelled rows, 0 for its unlabelled ones (absent: all labelled); see LossInputs. */
  labelled?: tf.Tensor1D;
}

/** The teachers' log-probabilities for the batch: at T, and at T = 1 for the weighted losses. */
export interface PairTargets {
  atT: tf.Tensor2D;
  atOne?: tf.Tensor2D;
}

/** Where each reading sits in a pair step's row (index 0 is the minimised sum). */
export const PAIR_READING = {
  total: 1,
  softTerm: 2,
  hardTerm: 3,
  kl: 4,
  ce: 5,
  correct: 6,
  baseline: 7,
  temperature: 8,
  /** The sum of the batch's weights, then WEIGHT_BINS counts of them, when a histogram is recorded. */
  weightSum: 9,
  weightBins: 10,
} as const;

/** Counts of `weights` (in [0, 1]) in WEIGHT_BINS equal bins, the last one closed. */
export function weightHistogram(weights: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const bins = tf.clipByValue(tf.floor(tf.mul(weights, WEIGHT_BINS)), 0, WEIGHT_BINS - 1).toInt();
    return tf.sum(tf.oneHot(bins, WEIGHT_BINS), 0).toFloat() as tf.Tensor1D;
  });
}

/**
 * One step's loss for the pair and its readings (PAIR_READING): the student + baseline loss
 * (minimised), then the student's total, its soft and hard terms as they enter the total, its raw
 * KL and CE, training-batch hits, the baseline's CE, T, and optionally the weights' sum and histogram.
 * Minimising the sum trains each model on its own loss (student-pair.ts). The students have no
 * dropout, so their training-mode predictions are their real ones: the epoch's training accuracy
 * comes free from the batches trained on.
 */
export function pairLoss(pair: StudentPair, x: tf.Tensor2D, y: tf.Tensor1D, targets: PairTargets, settings: PairStepSettings): tf.Tensor[] {
  const logits = pair.logits(x);
  const T = typeof settings.temperature === 'number' ? tf.scalar(settings.temperature) : settings.temperature;
  const parts = distillLoss(settings.loss, {
    studentLogits: logits.student,
    labels: y,
    temperature: T,
    alpha: settings.alpha,
    teacherLogProbsT: targets.atT,
    teacherLogProbs1: targets.atOne,
    dkd: settings.dkd,
    labelled: settings.labelled,
  });
  // The baseline has no teachers: it learns from the labelled rows alone (the same batches, the
  // unlabelled rows weighing nothing), and only labelled rows count as training hits.
  const { labelled } = settings;
  const baselineLoss = labelled ? labelledMean(ceRows(logits.baseline, y), labelled) : crossEntropy(logits.baseline, y);
  const hits = tf.cast(tf.equal(tf.argMax(logits.student, 1), y), 'float32');
  const correct = tf.sum(labelled ? tf.mul(hits, labelled) : hits) as tf.Scalar;
  const readings: tf.Tensor[] = [
    tf.add(parts.total, baselineLoss) as tf.Scalar,
    parts.total,
    parts.softTerm,
    parts.hardTerm,
    parts.kl,
    parts.ce,
    correct,
    baselineLoss,
    T,
  ];
  if (settings.weightHistogram && parts.weights) readings.push(tf.sum(parts.weights), weightHistogram(parts.weights));
  return readings;
}
