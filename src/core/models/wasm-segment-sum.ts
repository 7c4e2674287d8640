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
 */
import * as tf from '@tensorflow/tfjs';

interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfoLike;
  typedArrayFromHeap(info: TensorInfoLike): Float32Array | Int32Array | Uint8Array;
}

interface SegmentSumArgs {
  inputs: { x: TensorInfoLike; segmentIds: TensorInfoLike };
  backend: WasmBackendLike;
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
