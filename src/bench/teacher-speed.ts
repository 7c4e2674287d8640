/**
 * The teachers' training speed against PyTorch's (`npm run bench`, its speed rows): images per second
 * of teacher training steps alone — no validation, no logits — for the CNN (32-64) and the MLP
 * 784-512-512-10 teachers at batch 64, Adam 0.001, measured exactly as bench/fashion_peer.py --speed
 * measures PyTorch: SPEED_PROTOCOL's warm-up steps untimed, then its windows of steps each timed,
 * and the median window's images per second. Both sides train the same models (the MLP with its two
 * dropout layers of 0.2 on both) on 784-feature images in consecutive batches.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { DeviceDataset } from '../core/data/device-data';
import { teacherLoss } from '../core/losses/steps';
import { createTeacher, trainableVariables, type MemberArch } from '../core/models/models';
import { createOptimizer, READ_EVERY } from '../core/training/training';

/** The statistics both sides use; bench/fashion_peer.py has the same numbers (and writes them into its results, which the bench checks). */
export const SPEED_PROTOCOL = {
  batch: 64,
  learningRate: 0.001,
  warmupSteps: 30,
  windows: 10,
  /** Two read-backs of the losses per window (one per READ_EVERY steps), as the studio's loops read. */
  stepsPerWindow: 2 * READ_EVERY,
} as const;

/** The models timed, by the ids the PyTorch peer's results use. */
export const SPEED_MODELS: readonly { id: string; label: string; arch: MemberArch; hidden: number }[] = [
  { id: 'cnn-32-64', label: 'CNN (32-64) teacher', arch: 'cnn-32-64', hidden: 0 },
  { id: 'mlp-512-512', label: 'MLP 784-512-512-10 teacher', arch: 'mlp', hidden: 512 },
];

export interface SpeedRow {
  id: string;
  label: string;
  /** The median window's images per second. */
  imagesPerSecond: number;
  /** Every timed window's images per second, in order. */
  windows: number[];
}

export interface SpeedReport {
  backend: string;
  /** The wasm backend's threads (1 elsewhere, where it means nothing). */
  threads: number;
  protocol: typeof SPEED_PROTOCOL;
  rows: SpeedRow[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One model's row: a fresh model and optimizer, the warm-up, then the timed windows. */
async function timeModel(device: DeviceDataset, model: (typeof SPEED_MODELS)[number]): Promise<SpeedRow> {
  const { dataset } = device;
  const { batch, learningRate, warmupSteps, windows, stepsPerWindow } = SPEED_PROTOCOL;
  const teacher = createTeacher(model.arch, model.hidden, dataset.classNames.length, 1, 0, dataset);
  const optimizer = createOptimizer('adam', learningRate);
  const variables = trainableVariables(teacher);
  const train = dataset.split.train;
  const batches = Math.max(1, Math.floor(train.length / batch));
  let pending: tf.Tensor[] = [];
  const read = async () => {
    const all = tf.stack(pending);
    await all.data();
    tf.dispose([all, ...pending]);
    pending = [];
  };
  const step = async (k: number) => {
    const start = (k % batches) * batch;
    device.withBatch(train.subarray(start, start + batch), (x, y) => {
      pending.push(optimizer.minimize(() => teacherLoss(teacher, x, y)[0]!, true, variables)!);
    });
    if (pending.length === READ_EVERY) await read();
  };
  try {
    let k = 0;
    while (k < warmupSteps) await step(k++);
    if (pending.length > 0) await read();
    const rates: number[] = [];
    for (let w = 0; w < windows; w++) {
      const started = performance.now();
      for (let s = 0; s < stepsPerWindow; s++) await step(k++);
      if (pending.length > 0) await read();
      rates.push((stepsPerWindow * batch) / ((performance.now() - started) / 1000));
    }
    return { id: model.id, label: model.label, imagesPerSecond: median(rates), windows: rates };
  } finally {
    tf.dispose(pending);
    optimizer.dispose();
    teacher.dispose();
  }
}

/** The speed rows on the current backend, one model after the other. */
export async function teacherSpeed(device: DeviceDataset): Promise<SpeedReport> {
  const rows: SpeedRow[] = [];
  for (const model of SPEED_MODELS) rows.push(await timeModel(device, model));
  const backend = tf.getBackend();
  return { backend, threads: backend === 'wasm' ? getThreadsCount() : 1, protocol: SPEED_PROTOCOL, rows };
}
