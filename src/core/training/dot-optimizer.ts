/**
 * DOT, the distillation-oriented trainer (Zhao et al., ICCV 2023), as a tfjs optimiser: one
 * momentum buffer per loss for the distilled student's parameters. GuardedTrainer's split step
 * (training.ts) hands it the two losses' gradients.
 */
import * as tf from '@tensorflow/tfjs';

/** DOT's defaults (mdistiller's CFG.SOLVER: MOMENTUM 0.9, DOT.DELTA 0.075). */
export const DOT_MOMENTUM = 0.9;
export const DOT_DELTA = 0.075;

/**
 * DOT, the distillation-oriented trainer (Zhao et al., ICCV 2023; mdistiller's engine/dot.py, no
 * weight decay here): SGD whose parameters keep one momentum buffer per loss. A parameter with
 * both gradients takes b_task ← (μ − Δ)·b_task + g_task and b_kd ← (μ + Δ)·b_kd + g_kd, then
 * w ← w − lr·(b_task + b_kd); a parameter with one gradient (the baseline's, CTKD's θ) takes the
 * plain momentum μ. The heavier momentum on the teachers' gradient is the paper's point: it lets
 * the distillation loss, which the task loss otherwise dominates, steer the descent.
 */
export class DotOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'DotOptimizer';
  }

  private readonly buffers = new Map<string, { task?: tf.Variable; kd?: tf.Variable }>();

  constructor(
    readonly learningRate: number,
    readonly momentum = DOT_MOMENTUM,
    readonly delta = DOT_DELTA,
  ) {
    super();
  }

  /** A single loss (teachers): plain momentum. */
  override applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    this.applySplit(
      Array.isArray(variableGradients) ? Object.fromEntries(variableGradients.map((g) => [g.name, g.tensor])) : variableGradients,
      {},
    );
  }

  /** One step from the task loss's gradients and the distillation loss's, by variable name. */
  applySplit(task: tf.NamedTensorMap, kd: tf.NamedTensorMap): void {
    tf.tidy(() => {
      for (const name of new Set([...Object.keys(task), ...Object.keys(kd)])) {
        const variable = tf.engine().registeredVariables[name];
        if (!variable) continue;
        const both = task[name] !== undefined && kd[name] !== undefined;
        const step = (['task', 'kd'] as const).flatMap((which) => {
          const gradient = (which === 'task' ? task : kd)[name];
          if (!gradient) return [];
          const momentum = both ? this.momentum + (which === 'task' ? -this.delta : this.delta) : this.momentum;
          return [this.accumulate(name, which, gradient, momentum)];
        });
        variable.assign(
          tf.sub(
            variable,
            tf.mul(
              step.reduce((a, b) => tf.add(a, b)),
              this.learningRate,
            ),
          ),
        );
      }
    });
    this.incrementIterations();
  }

  /** b ← momentum·b + g (b starts at 0, so the first step is g itself, as torch's buffer starts as a copy of g). */
  private accumulate(name: string, which: 'task' | 'kd', gradient: tf.Tensor, momentum: number): tf.Tensor {
    const slot = this.buffers.get(name) ?? {};
    this.buffers.set(name, slot);
    const buffer = (slot[which] ??= tf.keep(tf.zerosLike(gradient).variable(false)));
    buffer.assign(tf.add(tf.mul(buffer, momentum), gradient));
    return buffer;
  }

  override dispose(): void {
    for (const { task, kd } of this.buffers.values()) tf.dispose([task, kd].filter((b) => b !== undefined));
    this.buffers.clear();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, momentum: this.momentum, delta: this.delta };
  }
}
