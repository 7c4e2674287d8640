/**
 * npx tsx scripts/optimizer-bench.ts — what the optimizer costs in a training step, and what the
 * fused Adam (src/core/training/wasm-adam.ts) saves, in Node.
 *
 *   npx tsx scripts/optimizer-bench.ts [--backend wasm|cpu] [--rounds 12] [--steps 16] [--batch-size 64] [--stock-gather]
 *
 * For the MLP teacher (784-512-512-10, dropout 0.2) and the student pair (2 × 784-64-10), four
 * sides train their own copy of the model (same seed, same batches) through the studio's
 * GuardedTrainer (a read and checkpoint every 8 steps, as in the jobs): forward and backward only
 * (no optimizer), LeanAdam fused (on wasm one pass per variable), LeanAdam as element-wise kernels,
 * and tf.train.adam. Each round runs `--steps` steps of every side, the order rotating from round
 * to round; the first two rounds are warm-up. It prints each side's median images/s over the
 * rounds, the optimizer's share of a step, and the fused side's speed over the others as the median
 * of the per-round ratios (so a machine whose speed drifts compares like with like), and each
 * optimizer's update alone on fixed gradients (median ms of 8 windows of 8). A benchmark:
 * it prints figures and never fails on them. --stock-gather puts tfjs's own wasm Gather back (without
 * src/core/models/wasm-gather.ts), which every side uses for its batches.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_CONFIG } from '../src/core/settings/config';
import { DeviceDataset } from '../src/core/data/device-data';
import { seededRandom, shuffled } from '../src/core/data/data';
import { DistillStep } from '../src/core/losses/distill-step';
import { LogitsCache } from '../src/core/ensemble/ensemble';
import { createTeacher, trainableVariables } from '../src/core/models/models';
import { createStudentPair } from '../src/core/models/student-pair';
import { teacherLoss } from '../src/core/losses/steps';
import { GuardedTrainer, LeanAdam, READ_EVERY } from '../src/core/training/training';
import { fastWasmGatherActive, useFastWasmGather } from '../src/core/models/wasm-gather';
import { loadMnist, useNodeBackend, type NodeBackend } from './lib/node-runtime';

const WARM_UP_ROUNDS = 2;

/** One side: a model copy and how it takes a step. */
interface Side {
  label: string;
  /** One training step on the batch at `at`. */
  step(at: Int32Array): void;
  /** Waits for the pending steps (the guard's read, as in the jobs). */
  settle(): Promise<void>;
  /** The update alone: the side's optimizer applied to a fixed set of gradients (none for the no-optimizer side). */
  update?(): void;
  dispose(): void;
}

type Loss = (variables: tf.Variable[], x: tf.Tensor2D, y: tf.Tensor1D, at: tf.Tensor1D) => tf.Tensor[];

/** The sides for one model: `make` builds a fresh copy (same seed each call). */
function sidesFor(
  device: DeviceDataset,
  batchZero: Int32Array,
  make: () => { variables: tf.Variable[]; loss: Loss; dispose(): void },
): Side[] {
  const guarded = (label: string, optimizer: tf.Optimizer): Side => {
    const model = make();
    const trainer = new GuardedTrainer({ variables: model.variables, optimizer, what: label });
    let fixed: tf.NamedTensorMap | null = null;
    return {
      label,
      step: (at) => device.withBatch(at, (x, y, a) => trainer.step(() => model.loss(model.variables, x, y, a))),
      settle: async () => {
        await trainer.check();
      },
      update: () => {
        if (!fixed) {
          device.withBatch(batchZero, (x, y, a) => {
            fixed = tf.tidy(() => tf.variableGrads(() => model.loss(model.variables, x, y, a)[0] as tf.Scalar, model.variables).grads);
          });
        }
        optimizer.applyGradients(fixed!);
      },
      dispose: () => {
        if (fixed) tf.dispose(Object.values(fixed));
        trainer.dispose();
        model.dispose();
      },
    };
  };
  const gradientsOnly = (): Side => {
    const model = make();
    let pending: tf.Tensor[] = [];
    return {
      label: 'forward + backward only',
      step: (at) =>
        device.withBatch(at, (x, y, a) => {
          pending.push(
            tf.tidy(() => {
              const { value, grads } = tf.variableGrads(() => model.loss(model.variables, x, y, a)[0] as tf.Scalar, model.variables);
              tf.dispose(grads);
              return value;
            }),
          );
        }),
      settle: async () => {
        if (pending.length === 0) return;
        const all = tf.stack(pending);
        await all.data();
        tf.dispose([all, ...pending]);
        pending = [];
      },
      dispose: () => model.dispose(),
    };
  };
  return [
    gradientsOnly(),
    guarded('fused Adam (LeanAdam, one pass on wasm)', new LeanAdam(0.001)),
    guarded('LeanAdam as element-wise kernels', new LeanAdam(0.001, 0.9, 0.999, 1e-7, false)),
    guarded('tf.train.adam', tf.train.adam(0.001)),
  ];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Median ms of one call of `update` over 8 windows of 8 calls, after 3 calls of warm-up. */
async function timeUpdates(update: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) update();
  const windows: number[] = [];
  for (let w = 0; w < 8; w++) {
    const start = performance.now();
    for (let i = 0; i < 8; i++) update();
    const sync = tf.ones([1]); // wasm and cpu run kernels synchronously; this only makes sure
    await sync.data();
    sync.dispose();
    windows.push((performance.now() - start) / 8);
  }
  return median(windows);
}

async function bench(title: string, sides: Side[], batches: Int32Array[], rounds: number, steps: number): Promise<void> {
  const seconds: number[][] = sides.map(() => []);
  let next = 0;
  for (let round = 0; round < rounds + WARM_UP_ROUNDS; round++) {
    for (let k = 0; k < sides.length; k++) {
      const s = (round + k) % sides.length;
      const side = sides[s]!;
      await side.settle();
      const start = performance.now();
      for (let i = 0; i < steps; i++) {
        side.step(batches[next++ % batches.length]!);
        if ((i + 1) % READ_EVERY === 0) await side.settle();
      }
      await side.settle();
      if (round >= WARM_UP_ROUNDS) seconds[s]!.push((performance.now() - start) / 1000);
    }
  }
  const updateMs: number[] = [];
  for (const side of sides) updateMs.push(side.update ? await timeUpdates(side.update) : NaN);
  const batchSize = batches[0]!.length;
  const perSecond = (s: number) => median(seconds[s]!.map((t) => (steps * batchSize) / t));
  const msPerStep = (s: number) => (1000 * median(seconds[s]!)) / steps;
  process.stdout.write(`\n${title}: median of ${rounds} rounds of ${steps} steps\n`);
  sides.forEach((side, s) => {
    const optimizer =
      s === 0
        ? ''
        : `; optimizer and guard ≈ ${(msPerStep(s) - msPerStep(0)).toFixed(2)} ms (${((100 * (msPerStep(s) - msPerStep(0))) / msPerStep(s)).toFixed(0)} %)`;
    const alone = Number.isNaN(updateMs[s]!) ? '' : `; the update alone ${updateMs[s]!.toFixed(2)} ms`;
    process.stdout.write(
      `  ${side.label.padEnd(40)} ${String(Math.round(perSecond(s))).padStart(7)} images/s, ${msPerStep(s).toFixed(2)} ms/step${optimizer}${alone}\n`,
    );
  });
  for (const other of [2, 3]) {
    const ratios = seconds[1]!.map((t, r) => seconds[other]![r]! / t);
    process.stdout.write(
      `  fused / ${sides[other]!.label}: ${median(ratios).toFixed(2)}× (per-round ratios ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})\n`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'wasm' },
      rounds: { type: 'string', default: '12' },
      steps: { type: 'string', default: '16' },
      'batch-size': { type: 'string', default: '64' },
      'stock-gather': { type: 'boolean', default: false },
    },
  });
  await useNodeBackend(values.backend as NodeBackend);
  if (values['stock-gather']) useFastWasmGather(false);
  const rounds = Number(values.rounds);
  const steps = Number(values.steps);
  const batchSize = Number(values['batch-size']);
  const dataset = loadMnist();
  const device = new DeviceDataset(dataset);
  const order = shuffled(dataset.split.train, seededRandom(0));
  const batches = Array.from({ length: Math.floor(order.length / batchSize) }, (_, b) =>
    order.subarray(b * batchSize, (b + 1) * batchSize),
  );
  const gather =
    tf.getBackend() !== 'wasm' ? '' : fastWasmGatherActive() ? '; gather: src/core/models/wasm-gather.ts' : '; gather: tfjs stock';
  process.stdout.write(`${tf.getBackend()}, batch ${batchSize}${gather}; ${tf.memory().numTensors} tensors at the start\n`);

  const teacherSides = sidesFor(device, batches[0]!, () => {
    const teacher = createTeacher('mlp', 512, 10, 1);
    return { variables: trainableVariables(teacher), loss: (_v, x, y) => teacherLoss(teacher, x, y), dispose: () => teacher.dispose() };
  });
  await bench('MLP teacher 784-512-512-10 (dropout 0.2)', teacherSides, batches, rounds, steps);
  teacherSides.forEach((side) => side.dispose());

  // Stand-in teacher logits: the cost of a step does not depend on their values.
  const cache = new LogitsCache([Float32Array.from({ length: dataset.count * 10 }, (_, i) => Math.sin(i))], 10);
  const hyper = { temperature: 4, alpha: 0.9 };
  const pairSides = sidesFor(device, batches[0]!, () => {
    const pair = createStudentPair(64, 10, 1);
    const plan = new DistillStep({ ...DEFAULT_CONFIG, ...hyper }, cache, 'arithmetic');
    return {
      variables: pair.variables,
      loss: (_v, x, y, at) => plan.loss(pair, x, y, at, hyper, { step: 0, steps: 1, epoch: 1, epochs: 1 }),
      dispose: () => {
        pair.dispose();
        plan.dispose();
      },
    };
  });
  await bench('student pair 2 × 784-64-10 (distilled + baseline)', pairSides, batches, rounds, steps);
  pairSides.forEach((side) => side.dispose());
  cache.dispose();
  device.dispose();
  process.stdout.write(`\n${tf.memory().numTensors} tensors at the end\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`optimizer-bench: ${error.message}\n`);
  process.exitCode = 1;
});
