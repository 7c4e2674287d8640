/**
 * A workaround for tfjs-backend-wasm 4.22: its Identity kernel copies the tensor into new memory,
 * where the cpu and WebGL backends share it (one more reference to the same data). tfjs runs
 * Identity for every tensor the gradient tape saves for the backward pass (Engine.clone in
 * saveTensorsForBackwardMode), so a teacher step on wasm copied its weight matrices — some
 * 800,000 floats, with an allocation each — only to read them once in backprop.
 *
 * `useSharedWasmIdentity` re-registers Identity on the wasm backend to share the memory as the
 * other backends do. Nothing in tfjs writes a tensor's memory in place, and the engine's own
 * in-place writes (the fused Adam's moments, src/core/training/wasm-adam.ts) first make sure no
 * other tensor shares it. Drop this module if tfjs's wasm Identity stops copying.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfoLike } from './kernel-types';

const KERNEL = 'Identity';

/** tfjs's own kernel config, kept so it can be put back (and for strings, which it rebuilds). */
let stock: tf.KernelConfig | null = null;

/**
 * Turns the sharing kernel on (or, with `enabled` false, puts tfjs's stock kernel back) on the
 * wasm backend; returns whether it is active. Call after `tf.setBackend('wasm')`.
 */
export function useSharedWasmIdentity(enabled = true): boolean {
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
  const copy = original.kernelFunc as unknown as (args: { inputs: { x: TensorInfoLike }; backend: unknown }) => TensorInfoLike;
  const kernelFunc = (args: { inputs: { x: TensorInfoLike }; backend: { incRef(dataId: object): void } }): TensorInfoLike => {
    const { x } = args.inputs;
    if (x.dtype === 'string') return copy(args);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  stock = original;
  tf.unregisterKernel(KERNEL, 'wasm');
  tf.registerKernel({ ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  return true;
}

/** Whether the sharing kernel is registered now. */
export function sharedWasmIdentityActive(): boolean {
  return stock !== null && tf.getBackend() === 'wasm';
}
