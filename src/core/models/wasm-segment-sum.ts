/**
 * A missing kernel of tfjs-backend-wasm 4.22: UnsortedSegmentSum (its src/kernels/ has none). The
 * gradient of Gather is one (tfjs-core's GatherV2_grad: dTable = unsortedSegmentSum(dy, indices,
 * rows)), so no embedding table — the text models' first layer — could be trained on WASM: the
 * step throws "kernel UnsortedSegmentSum not registered".
 *
 * `useWasmSegmentSum` registers it on the wasm backend, written in JS over the wasm memory as
 * wasm-gather.ts reads it: one pass over x adding each row into its segment's row, O(x.size),
 * where the cpu kernel makes one masked copy of x per segment (O(segments · x.size): a vocabulary
 * of 8,000 is 8,000 passes). Same results as the cpu kernel: ids outside [0, numSegments) add
 * nothing, the output is float32; sums are accumulated in float32 in row order (cpu: in float64,
 * rounded once), so values agree to float32 rounding. Drop this module once tfjs-backend-wasm
 * registers the kernel.
 *
 * `useCpuSegmentSum` replaces the cpu backend's own kernel with the same one pass: tfjs's
 * (tfjs-backend-cpu/src/kernels/UnsortedSegmentSum.ts) builds, for each of the numSegments ids, a
 * mask of x's size, multiplies and sums it — one training step of an embedding of 8,000 rows took
 * ~70 s (bag student) to ~400 s (transformer teacher). Ours sums each value into its segment in
 * float64 in row order and rounds once, exactly as tfjs's Sum kernel does, so the values are the
 * same to the bit; the one difference is NaN and ±Infinity, which tfjs's masks (0 · Infinity = NaN)
 * spread into every segment's sum of that column and ours keep in their own segment. Inputs it was
 * not written for (ids not one per row of x, not int32; x complex or string) go to tfjs's kernel.
 * Drop it once tfjs's cpu kernel makes one pass.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfoLike, WasmHeapBackend } from './kernel-types';

interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfoLike;
}

interface CpuSegmentSumArgs {
  inputs: { x: TensorInfoLike; segmentIds: TensorInfoLike };
  backend: CpuBackendLike;
  attrs: { numSegments: number };
}

interface SegmentSumArgs {
  inputs: { x: TensorInfoLike; segmentIds: TensorInfoLike };
  backend: WasmHeapBackend;
  attrs: { numSegments: number };
}

const KERNEL = 'UnsortedSegmentSum';

/** Registers the kernel on the wasm backend unless one is there; returns whether ours is registered. Call after `tf.setBackend('wasm')`. */
export function useWasmSegmentSum(): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  const current = tf.getKernel(KERNEL, 'wasm');
  if (current) return current.kernelFunc === kernelFunc;
  tf.registerKernel({ kernelName: KERNEL, backendName: 'wasm', kernelFunc });
  return true;
}

/** Whether this module's kernel is the wasm backend's UnsortedSegmentSum now. */
export function wasmSegmentSumActive(): boolean {
  return tf.getBackend() === 'wasm' && tf.getKernel(KERNEL, 'wasm')?.kernelFunc === kernelFunc;
}

const kernelFunc = segmentSum as unknown as tf.KernelFunc;

/** out[s, :] = Σ x[j, :] over the rows j whose id is s; each row added in one pass. */
function segmentSum({ inputs, backend, attrs }: SegmentSumArgs): TensorInfoLike {
  const { x, segmentIds } = inputs;
  const segments = attrs.numSegments;
  checkShapes(x, segmentIds);
  const inner = tf.util.sizeFromShape(x.shape.slice(1));
  // float32 whatever x is, as the cpu kernel gives (it multiplies x by a float32 mask).
  const out = backend.makeOutput([segments, ...x.shape.slice(1)], 'float32');
  // Views after the allocation: allocating may grow the memory, which detaches older views.
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
  const from = backend.typedArrayFromHeap(x);
  const to = backend.typedArrayFromHeap(out) as Float32Array;
  to.fill(0); // the wasm allocator does not clear memory
  for (let row = 0; row < ids.length; row++) {
    const segment = ids[row]!;
    if (segment < 0 || segment >= segments) continue;
    const [source, target] = [row * inner, segment * inner];
    for (let k = 0; k < inner; k++) to[target + k]! += from[source + k]!;
  }
  return out;
}

/**
 * One id per row of x, as tfjs's op documents (segmentIds: Tensor1D). The cpu kernel breaks on
 * ids of higher rank (its broadcast fails), so nothing could rely on them.
 */
function checkShapes(x: TensorInfoLike, segmentIds: TensorInfoLike): void {
  if (segmentIds.shape.length !== 1 || x.shape.length === 0 || segmentIds.shape[0] !== x.shape[0]) {
    throw new Error(`UnsortedSegmentSum on wasm takes one segment id per row of x: ids [${segmentIds.shape}], x [${x.shape}].`);
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool')
    throw new Error(`UnsortedSegmentSum on wasm sums numbers, not ${x.dtype}.`);
}

/** tfjs's own cpu kernel while ours is registered in its place (put back by `useCpuSegmentSum(false)`). */
let stockCpu: tf.KernelConfig | null = null;

/**
 * Registers the one-pass kernel on the cpu backend in place of tfjs's (or, with `enabled` false,
 * puts tfjs's back); returns whether ours is registered. A no-op on other backends: call it after
 * `tf.setBackend('cpu')`.
 */
export function useCpuSegmentSum(enabled = true): boolean {
  if (tf.getBackend() !== 'cpu') return false;
  const current = tf.getKernel(KERNEL, 'cpu');
  if (!enabled) {
    if (stockCpu && current?.kernelFunc === cpuKernelFunc) {
      tf.unregisterKernel(KERNEL, 'cpu');
      tf.registerKernel(stockCpu);
    }
    stockCpu = null;
    return false;
  }
  if (current?.kernelFunc === cpuKernelFunc) return true;
  if (!current) return false; // tfjs's cpu backend always has one; without it there is nothing to fall back on
  stockCpu = current;
  tf.unregisterKernel(KERNEL, 'cpu');
  tf.registerKernel({ kernelName: KERNEL, backendName: 'cpu', kernelFunc: cpuKernelFunc });
  return true;
}

/** Whether this module's kernel is the cpu backend's UnsortedSegmentSum now. */
export function cpuSegmentSumActive(): boolean {
  return tf.getBackend() === 'cpu' && tf.getKernel(KERNEL, 'cpu')?.kernelFunc === cpuKernelFunc;
}

const cpuKernelFunc = cpuSegmentSum as unknown as tf.KernelFunc;

/** As `segmentSum`, over the cpu backend's arrays: float64 sums in row order, rounded once to float32. */
function cpuSegmentSum(args: CpuSegmentSumArgs): TensorInfoLike {
  const { inputs, backend, attrs } = args;
  const { x, segmentIds } = inputs;
  const ids = backend.data.get(segmentIds.dataId).values;
  const from = backend.data.get(x.dataId).values;
  const oneIdPerRow = segmentIds.shape.length === 1 && x.shape.length > 0 && segmentIds.shape[0] === x.shape[0];
  const numbers = x.dtype === 'float32' || x.dtype === 'int32' || x.dtype === 'bool';
  if (!oneIdPerRow || !numbers || segmentIds.dtype !== 'int32' || !(ids instanceof Int32Array) || !ArrayBuffer.isView(from)) {
    if (!stockCpu) throw new Error(`UnsortedSegmentSum on cpu: no kernel for ids [${segmentIds.shape}] and x [${x.shape}] ${x.dtype}.`);
    return (stockCpu.kernelFunc as unknown as (a: CpuSegmentSumArgs) => TensorInfoLike)(args);
  }
  const values = from as Float32Array | Int32Array | Uint8Array;
  const segments = attrs.numSegments;
  const inner = tf.util.sizeFromShape(x.shape.slice(1));
  const sums = new Float64Array(segments * inner);
  // tfjs multiplies x by a float32 mask first: int32 values beyond 2^24 are rounded to float32 there.
  const round = x.dtype === 'int32';
  for (let row = 0; row < ids.length; row++) {
    const segment = ids[row]!;
    if (segment < 0 || segment >= segments) continue;
    const [source, target] = [row * inner, segment * inner];
    if (round) for (let k = 0; k < inner; k++) sums[target + k]! += Math.fround(values[source + k]!);
    else for (let k = 0; k < inner; k++) sums[target + k]! += values[source + k]!;
  }
  return backend.makeTensorInfo([segments, ...x.shape.slice(1)], 'float32', Float32Array.from(sums));
}
