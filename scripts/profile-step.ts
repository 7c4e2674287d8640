/**
 * npm run profile-step — where one training step's time goes, kernel by kernel (tf.profile), and
 * the images per second of 30 steps, for a teacher step and for the student pair's step, in Node.
 *
 *   npm run profile-step -- [--backend wasm|cpu] [--batch-size 64] [--teacher-arch mlp|cnn|cnn-32-64] [--teacher-hidden 512]
 *                           [--student-hidden 64] [--stock-matmul] [--tfjs-adam]
 *
 * --stock-matmul puts tfjs's own wasm BatchMatMul back (without src/core/models/wasm-matmul.ts) and
 * --tfjs-adam uses tf.train.adam instead of LeanAdam, so each change can be measured on its own,
 * with the same seed and batch. A profiling tool: it prints figures and never fails on them.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_CONFIG } from '../src/core/settings/config';
import { DeviceDataset } from '../src/core/data/device-data';
import { DistillStep } from '../src/core/losses/distill-step';
import { LogitsCache } from '../src/core/ensemble/ensemble';
import { createTeacher, trainableVariables, type MemberArch } from '../src/core/models/models';
import { teacherLoss } from '../src/core/losses/steps';
import { createStudentPair } from '../src/core/models/student-pair';
import { LeanAdam } from '../src/core/training/training';
import { useFastWasmMatMul } from '../src/core/models/wasm-matmul';
import { loadMnist, useNodeBackend, type NodeBackend } from './lib/node-runtime';

const STEPS = 30;

async function profileStep(
  label: string,
  variables: tf.Variable[],
  optimizer: tf.Optimizer,
  batchSize: number,
  loss: () => tf.Scalar,
): Promise<void> {
  const step = () => tf.tidy(() => optimizer.minimize(loss, true, variables)!);
  for (let i = 0; i < 3; i++) await step().data(); // optimizer state, packed kernels, warm caches
  const profile = await tf.profile(() => step());
  const byKernel = new Map<string, { count: number; ms: number }>();
  for (const k of profile.kernels) {
    const entry = byKernel.get(k.name) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += Number(k.kernelTimeMs);
    byKernel.set(k.name, entry);
  }
  const total = [...byKernel.values()].reduce((sum, e) => sum + e.ms, 0);
  const start = performance.now();
  for (let i = 0; i < STEPS; i++) {
    const value = step();
    if (i % 8 === 7) await value.data();
    value.dispose();
  }
  await tf.ones([1]).data();
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(
    `${label}: ${profile.kernels.length} kernels, ${total.toFixed(1)} ms of kernel time per step; ${Math.round((STEPS * batchSize) / seconds)} images/s over ${STEPS} steps\n`,
  );
  for (const [name, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10)) {
    process.stdout.write(
      `  ${name.padEnd(22)} ${String(e.count).padStart(4)} × ${e.ms.toFixed(2).padStart(7)} ms (${((100 * e.ms) / total).toFixed(0)} %)\n`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'wasm' },
      'batch-size': { type: 'string', default: '64' },
      'teacher-arch': { type: 'string', default: 'mlp' },
      'teacher-hidden': { type: 'string', default: '512' },
      'student-hidden': { type: 'string', default: '64' },
      'stock-matmul': { type: 'boolean', default: false },
      'tfjs-adam': { type: 'boolean', default: false },
    },
  });
  await useNodeBackend(values.backend as NodeBackend);
  if (values['stock-matmul']) useFastWasmMatMul(false);
  const batchSize = Number(values['batch-size']);
  const dataset = loadMnist();
  const device = new DeviceDataset(dataset);
  const at = tf.tensor1d(dataset.split.train.subarray(0, batchSize), 'int32');
  const x = device.imagesOf(at);
  const y = device.labelsOf(at);
  const optimizer = () => (values['tfjs-adam'] ? tf.train.adam(0.001) : new LeanAdam(0.001));
  process.stdout.write(
    `${tf.getBackend()}, batch ${batchSize}; matmul: ${values['stock-matmul'] ? 'tfjs stock' : 'src/core/models/wasm-matmul.ts'}; ` +
      `optimizer: ${values['tfjs-adam'] ? 'tf.train.adam' : 'LeanAdam'}\n`,
  );

  const arch = values['teacher-arch'] as MemberArch;
  if (!['mlp', 'cnn', 'cnn-32-64'].includes(arch)) throw new Error(`--teacher-arch must be mlp, cnn or cnn-32-64, got ${arch}`);
  const teacher = createTeacher(arch, Number(values['teacher-hidden']), 10, 1);
  await profileStep(
    arch === 'mlp' ? `teacher 784-${values['teacher-hidden']}-${values['teacher-hidden']}-10` : `teacher ${arch}`,
    trainableVariables(teacher),
    optimizer(),
    batchSize,
    () => teacherLoss(teacher, x, y)[0]!,
  );

  // Stand-in teacher logits: the cost of a step does not depend on their values.
  const cache = new LogitsCache([Float32Array.from({ length: dataset.count * 10 }, (_, i) => Math.sin(i))], 10);
  const pair = createStudentPair(Number(values['student-hidden']), 10, 1);
  const hyper = { temperature: 4, alpha: 0.9 };
  const plan = new DistillStep({ ...DEFAULT_CONFIG, ...hyper }, cache, 'arithmetic');
  await profileStep(
    `student pair 2 × 784-${values['student-hidden']}-10`,
    pair.variables,
    optimizer(),
    batchSize,
    () => plan.loss(pair, x, y, at, hyper, { step: 0, steps: 1, epoch: 1, epochs: 1 })[0] as tf.Scalar,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`profile-step: ${error.message}\n`);
  process.exitCode = 1;
});
