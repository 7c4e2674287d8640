/**
 * The student pair and the trainer that steps it, built one way for a distillation and for the
 * probe that times its steps, so both do the same work: under DOT two plain models and a split
 * step (two tapes, two momenta), otherwise the fused pair and one optimiser.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../settings/config';
import type { InputSpec } from '../data/data';
import { createStudentPair, ModelPair, type StudentPair } from '../models/student-pair';
import { PAIR_READING } from '../losses/steps';
import { createOptimizer, GuardedTrainer, type GuardedPart } from './training';
import { DotOptimizer } from './dot-optimizer';

export function createPairTraining(
  config: Pick<ExperimentConfig, 'optimizer' | 'learningRate' | 'studentHidden' | 'seed'>,
  classes: number,
  input: InputSpec,
  /** Variables the distillation trains besides the pair's (CTKD's θ): the distillation gradient reaches them. */
  extraVariables: tf.Variable[],
  what: string,
  parts?: (pair: StudentPair) => GuardedPart[],
): { pair: StudentPair; trainer: GuardedTrainer } {
  // DOT keeps momenta per variable and per loss, so the student's and the baseline's variables must
  // be apart (the fused pair shares the first layer): two plain models then.
  const dot = config.optimizer === 'dot' ? new DotOptimizer(config.learningRate) : null;
  const pair = dot
    ? new ModelPair(String(config.studentHidden), classes, config.seed, input)
    : createStudentPair(config.studentHidden, classes, config.seed, input);
  const trainer = new GuardedTrainer({
    variables: [...pair.variables, ...extraVariables],
    optimizer: dot ?? createOptimizer(config.optimizer, config.learningRate),
    split:
      dot && pair instanceof ModelPair
        ? { optimizer: dot, kdReading: PAIR_READING.softTerm, kdVariables: [...pair.variablesOf('student'), ...extraVariables] }
        : undefined,
    what,
    parts: parts?.(pair),
  });
  return { pair, trainer };
}
