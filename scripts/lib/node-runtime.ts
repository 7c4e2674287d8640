/** Node-side setup shared by the CLI, the benchmark and tests: a tfjs backend and the dataset. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { parseMnistAsset, type Dataset } from '../../src/core/data';
import { useFastWasmMatMul } from '../../src/core/wasm-matmul';

export type NodeBackend = 'wasm' | 'cpu';
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MNIST_ASSET = join(ROOT, 'public', 'data', 'mnist.bin');

/** Initialises tfjs on `backend` in Node (no GPU here; tfjs-node's native binary cannot be downloaded). */
export async function useNodeBackend(backend: NodeBackend): Promise<void> {
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend "${backend}" could not be initialised`);
  await tf.ready();
  useFastWasmMatMul(); // src/core/wasm-matmul.ts: backprop's transposed products through XNNPACK
}

export function loadMnist(path = MNIST_ASSET): Dataset {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new Error(`${path} is missing: run "npm run prepare-data" (npm install does it).`);
  }
  return parseMnistAsset(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}
