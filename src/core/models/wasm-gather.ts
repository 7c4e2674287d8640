/**
 * A workaround for tfjs-backend-wasm 4.22: its Gather kernel (src/cc/kernels/Gather.cc) converts
 * every output element's offset to coordinates and back through freshly allocated std::vectors,
 * about 45 ns per element here. Gathering a batch of 64 MNIST images (50,000 floats) took ~2 ms —
 * a sixth of a teacher step and more than half of the student pair's — and the studio gathers
 * every batch, its labels and its soft targets so (src/core/data/device-data.ts).
 *
 * `useFastWasmGather` re-registers GatherV2 on the wasm backend with a wrapper that copies whole
 * rows (the elements after the gathered axis are contiguous) within the wasm memory. Same values,
 * same bounds check and message; batched gathers (batchDims > 0) and strings go to tfjs's kernel.
 * Drop this module once tfjs's wasm Gather copies slices itself.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfoLike, WasmHeapBackend } from './kernel-types';

interface GatherArgs {
  inputs: { x: TensorInfoLike; indices: TensorInfoLike };
  backend: WasmHeapBackend;
  attrs: { axis: number; batchDims: number };
}

const KERNEL = 'GatherV2';

/** tfjs's own kernel config, kept so it can be put back and take the cases the wrapper does not. */
let stock: tf.KernelConfig | null = null;

/**
 * Turns the wrapper on (or, with `enabled` false, puts tfjs's stock kernel back) on the wasm
 * backend; returns whether the wrapper is active. Call after `tf.setBackend('wasm')`.
 */
export function useFastWasmGather(enabled = true): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  if (!enabled) {
    if (stock) {
      tf.unregisterKernel(KERNEL, 'wasm');
      tf.registerKernel(stock);
      stock = null;
    }
    return false;
  }
  if (stock) return true;
  const original = tf.getKernel(KERNEL, 'wasm');
  if (!original) return false;
  const fallback = original.kernelFunc as unknown as (args: GatherArgs) => TensorInfoLike;
  const kernelFunc = (args: GatherArgs): TensorInfoLike =>
    args.attrs.batchDims === 0 && args.inputs.x.dtype !== 'string' ? gatherRows(args) : fallback(args);
  stock = original;
  tf.unregisterKernel(KERNEL, 'wasm');
  tf.registerKernel({ ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  return true;
}

/** Whether the wrapper is registered now. */
export function fastWasmGatherActive(): boolean {
  return stock !== null && tf.getBackend() === 'wasm';
}

/** out[o, j, :] = x[o, indices[j], :] for every outer position o, each slice one copy. */
function gatherRows({ inputs, backend, attrs }: GatherArgs): TensorInfoLike {
  const { x, indices } = inputs;
  const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0]!;
  const dim = x.shape[axis]!;
  const outer = tf.util.sizeFromShape(x.shape.slice(0, axis));
  const inner = tf.util.sizeFromShape(x.shape.slice(axis + 1));
  const outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  for (const index of backend.typedArrayFromHeap(indices)) {
    tf.util.assert(index <= dim - 1 && index >= 0, () => `GatherV2: the index value ${index} is not in [0, ${dim - 1}]`);
  }
  const out = backend.makeOutput(outShape, x.dtype);
  // Views after the allocation: allocating may grow the memory, which detaches older views.
  const at = backend.typedArrayFromHeap(indices) as Int32Array;
  const from = backend.typedArrayFromHeap(x);
  const to = backend.typedArrayFromHeap(out);
  const count = at.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < count; j++) {
      const source = (o * dim + at[j]!) * inner;
      const target = (o * count + j) * inner;
      if (inner < 16) for (let k = 0; k < inner; k++) to[target + k] = from[source + k]!;
      else to.set(from.subarray(source, source + inner), target);
    }
  }
  return out;
}
