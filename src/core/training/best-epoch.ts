/** "Keep best epoch": a run keeps each student's weights from its best epoch on validation (distill-run.ts). */
import * as tf from '@tensorflow/tfjs';
import type { BestAndLast, EpochFigures, EpochPoint } from '../types';

/** A copy of a model's weights from its epoch with the best validation accuracy so far (the earliest on a tie). */
export class BestEpoch {
  private epoch: number | null = null;
  private accuracy = -Infinity;
  private weights: tf.Tensor[] = [];

  /** `current` returns fresh copies of the model's weights (in createStudent's order). */
  constructor(private readonly current: () => tf.Tensor[]) {}

  offer(epoch: number, valAccuracy: number): void {
    if (!(valAccuracy > this.accuracy)) return;
    this.dispose();
    this.epoch = epoch;
    this.accuracy = valAccuracy;
    this.weights = this.current();
  }

  /** Puts the best epoch's weights into `model`; returns that epoch, or null when no epoch finished. */
  restore(model: tf.LayersModel): number | null {
    if (this.epoch !== null) model.setWeights(this.weights);
    return this.epoch;
  }

  dispose(): void {
    tf.dispose(this.weights);
    this.weights = [];
  }
}

/**
 * A student's best epoch on validation (the earliest on a tie, as BestEpoch keeps) and its last
 * epoch, from the run's per-epoch figures; null when no epoch finished.
 */
export function bestAndLast(points: readonly EpochPoint[], model: 'student' | 'baseline'): BestAndLast | null {
  const figures = points.map((p): EpochFigures => ({
    epoch: p.epoch,
    valAccuracy: model === 'student' ? p.studentValAccuracy : p.baselineValAccuracy,
    testAccuracy: model === 'student' ? p.studentTestAccuracy : p.baselineTestAccuracy,
  }));
  if (figures.length === 0) return null;
  const best = figures.reduce((a, b) => (b.valAccuracy > a.valAccuracy ? b : a));
  return { best, last: figures[figures.length - 1]! };
}
