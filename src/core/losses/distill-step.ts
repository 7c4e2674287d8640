/**
 * What one distillation batch computes, given the run's loss and temperature schedule: which T
 * (the live slider, an annealed value, or CTKD's learnt one), which teacher targets (a cached
 * table for a T that holds, the batch's own logits for one that moves), and DKD's warm-up. The
 * run, the throughput probe and the benchmark all step through this, so they time the same work.
 */
import * as tf from '@tensorflow/tfjs';
import type { EnsembleMode, ExperimentConfig } from '../settings/config';
import { isWeighted, lossById, lossUses } from './registry';
import type { LogitView } from '../ensemble/ensemble';
import { learnedTemperature, thetaFor } from './kd-losses';
import { annealedTemperature, ctkdLambda, dkdWarmup } from './schedules';
import { pairLoss } from './steps';
import type { StudentPair } from '../models/student-pair';
import type { LiveHyperparams } from '../types';

/** Where the teachers' log-probabilities come from (LogitsCache; the probe passes stand-ins). */
export interface TargetSource {
  logTargets(indices: tf.Tensor1D, temperature: number, mode: EnsembleMode, view?: LogitView): tf.Tensor2D;
  batchLogTargets(indices: tf.Tensor1D, temperature: number | tf.Scalar, mode: EnsembleMode, view?: LogitView): tf.Tensor2D;
}

/** A batch's place in the run. */
export interface StepPosition {
  /** 0-based batch index over the whole run, and the run's number of batches. */
  step: number;
  steps: number;
  /** 1-based epoch, of `epochs`. */
  epoch: number;
  epochs: number;
}

export type DistillStepConfig = Pick<
  ExperimentConfig,
  'loss' | 'temperatureSchedule' | 'temperature' | 'temperatureEnd' | 'alpha' | 'dkdAlpha' | 'dkdBeta'
>;

/**
 * Which of `count` samples have a label in a run, by dataset index: 1, or 0 for the `unlabelled`
 * ones (the transfer set's); null when every sample has one.
 */
export function labelMask(count: number, unlabelled: Int32Array): Float32Array | null {
  if (unlabelled.length === 0) return null;
  const mask = new Float32Array(count).fill(1);
  for (const i of unlabelled) mask[i] = 0;
  return mask;
}

export class DistillStep {
  /** CTKD's θ (T = 1 + 20·sigmoid(θ)), trained with the students; null for other schedules. */
  private readonly theta: tf.Variable | null;
  private readonly view: LogitView;
  /** labelMask on the backend, gathered per batch; null when every sample has a label. */
  private readonly hasLabel: tf.Tensor1D | null;
  readonly weighted: boolean;
  private readonly teacherAtOne: boolean;

  /**
   * `hasLabel` (labelMask): which samples have a label in this run; the others are the unlabelled
   * transfer set (no hard term for them, see LossInputs.labelled). Null when every sample has one.
   */
  constructor(
    private readonly config: DistillStepConfig,
    private readonly targets: TargetSource,
    private readonly mode: EnsembleMode,
    hasLabel: Float32Array | null = null,
  ) {
    this.theta = config.temperatureSchedule === 'ctkd' ? tf.tidy(() => tf.variable(tf.scalar(thetaFor(config.temperature)), true)) : null;
    this.view = lossById(config.loss).logits;
    this.weighted = isWeighted(config.loss);
    this.teacherAtOne = lossById(config.loss).teacherAtOne;
    // Kept: a step built inside a tidy must not lose its mask when the tidy ends.
    this.hasLabel = hasLabel ? tf.keep(tf.tensor1d(hasLabel, 'float32')) : null;
  }

  /** Variables the optimiser trains besides the students' (CTKD's θ). */
  get variables(): tf.Variable[] {
    return this.theta ? [this.theta] : [];
  }

  /**
   * The T and alpha a batch records: the live sliders where they steer this run (T under a constant
   * schedule, alpha where the loss reads it), else the config's values, so a slider that does not apply leaves no trace.
   */
  hyperparams(live: LiveHyperparams): LiveHyperparams {
    return {
      temperature: this.config.temperatureSchedule === 'constant' ? live.temperature : this.config.temperature,
      alpha: lossUses(this.config.loss, 'alpha') ? live.alpha : this.config.alpha,
    };
  }

  /** The loss parts of one batch (PAIR_READING); call inside the trainer's step. */
  loss(pair: StudentPair, x: tf.Tensor2D, y: tf.Tensor1D, at: tf.Tensor1D, hyper: LiveHyperparams, where: StepPosition): tf.Tensor[] {
    const { config, mode, view } = this;
    const temperature = this.temperatureAt(hyper, where);
    const atT =
      typeof temperature === 'number' && config.temperatureSchedule === 'constant'
        ? this.targets.logTargets(at, temperature, mode, view)
        : this.targets.batchLogTargets(at, temperature, mode, view);
    const atOne = this.teacherAtOne ? this.targets.logTargets(at, 1, mode) : undefined;
    const dkd =
      config.loss === 'dkd' ? { alpha: config.dkdAlpha, beta: config.dkdBeta, warmup: dkdWarmup(where.epoch, where.epochs) } : undefined;
    const labelled = this.hasLabel ? tf.gather(this.hasLabel, at) : undefined;
    return pairLoss(
      pair,
      x,
      y,
      { atT, atOne },
      { loss: config.loss, temperature, alpha: hyper.alpha, dkd, weightHistogram: this.weighted, labelled },
    );
  }

  private temperatureAt(hyper: LiveHyperparams, where: StepPosition): number | tf.Scalar {
    switch (this.config.temperatureSchedule) {
      case 'constant':
        return hyper.temperature;
      case 'ctkd':
        return learnedTemperature(this.theta!, ctkdLambda(where.epoch, where.epochs));
      default:
        return annealedTemperature(this.config, where.step, where.steps);
    }
  }

  dispose(): void {
    this.theta?.dispose();
    this.hasLabel?.dispose();
  }
}
