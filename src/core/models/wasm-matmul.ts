/**
 * A workaround for tfjs-backend-wasm 4.22: its BatchMatMul kernel hands every product with a
 * transpose flag to a scalar C++ loop (about 1.4 GFLOP/s here); only flag-free products go to
 * XNNPACK. Backpropagation through a dense layer is all flagged products — the weight gradient
 * xᵀ·dy and the input gradient dy·Wᵀ — so a training step spends most of its time there.
 *
 * `useFastWasmMatMul` re-registers BatchMatMul on the wasm backend with a wrapper that runs the
 * wasm Transpose kernel on the flagged operand first and then the flag-free (XNNPACK) product;
 * a·bᵀ with a short a (dy·Wᵀ) is computed as (b·aᵀ)ᵀ, which moves far fewer values (see
 * `cheaperTransposed`). Same maths, same float32 results up to summation order. Drop this module once tfjs's wasm
 * BatchMatMul routes transposed operands to XNNPACK itself (tfjs-backend-wasm/src/cc/batch_mat_mul_impl.cc).
 */
import * as tf from '@tensorflow/tfjs';

interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}

interface WasmKernelArgs {
  inputs: { a: TensorInfoLike; b: TensorInfoLike };
  backend: { disposeData(dataId: object): void };
  attrs: { transposeA: boolean; transposeB: boolean };
}

type KernelFunc = (args: WasmKernelArgs) => TensorInfoLike;

/** tfjs's own kernel config, kept so the stock kernel can be put back (the benchmark compares both). */
let stock: tf.KernelConfig | null = null;

/** The permutation that swaps the last two axes. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  return perm;
}

/**
 * Whether a·bᵀ (a [1, m, k], b [1, n, k]) moves fewer values as (b·aᵀ)ᵀ. Each product packs its
 * right operand (XNNPACK's weights) and a flagged operand is transposed first, about the same cost
 * per value: a·bᵀ moves 2·n·k values (transpose b, pack it), (b·aᵀ)ᵀ moves 2·m·k + m·n (transpose a,
 * pack it, transpose the product). In backprop, dy·Wᵀ with 64 rows against a 512×512 W: 98,000
 * instead of 524,000. Only without batching (XNNPACK's path; batched products take a scalar loop).
 */
function cheaperTransposed(aShape: number[], bShape: number[]): boolean {
  const rank = aShape.length;
  const batch = (shape: number[]) => shape.slice(0, -2).reduce((p, d) => p * d, 1);
  if (batch(aShape) !== 1 || batch(bShape) !== 1) return false;
  const [m, k] = [aShape[rank - 2]!, aShape[rank - 1]!];
  const n = bShape[bShape.length - 2]!;
  return 2 * m * k + m * n < 2 * n * k;
}

/**
 * Turns the wrapper on (or, with `enabled` false, puts tfjs's stock kernel back) on the wasm
 * backend; returns whether the wrapper is active. Call after `tf.setBackend('wasm')`.
 */
export function useFastWasmMatMul(enabled = true): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  if (!enabled) {
    if (stock) {
      tf.unregisterKernel('BatchMatMul', 'wasm');
      tf.registerKernel(stock);
      stock = null;
    }
    return false;
  }
  if (stock) return true;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose) return false;
  const multiply = original.kernelFunc as unknown as KernelFunc;
  const transposeFunc = transpose.kernelFunc as unknown as (args: {
    inputs: { x: TensorInfoLike };
    backend: unknown;
    attrs: { perm: number[] };
  }) => TensorInfoLike;

  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    if (!attrs.transposeA && !attrs.transposeB) return multiply(args);
    const explicit = (x: TensorInfoLike) => transposeFunc({ inputs: { x }, backend, attrs: { perm: swapLastTwo(x.shape.length) } });
    if (!attrs.transposeA && cheaperTransposed(inputs.a.shape, inputs.b.shape)) {
      // a·bᵀ = (b·aᵀ)ᵀ: transposes the small a and the small product instead of the large b.
      const aT = explicit(inputs.a);
      const productT = multiply({ inputs: { a: inputs.b, b: aT }, backend, attrs: { transposeA: false, transposeB: false } });
      backend.disposeData(aT.dataId);
      try {
        return explicit(productT);
      } finally {
        backend.disposeData(productT.dataId);
      }
    }
    const a = attrs.transposeA ? explicit(inputs.a) : inputs.a;
    const b = attrs.transposeB ? explicit(inputs.b) : inputs.b;
    try {
      return multiply({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
    } finally {
      if (a !== inputs.a) backend.disposeData(a.dataId);
      if (b !== inputs.b) backend.disposeData(b.dataId);
    }
  };

  stock = original;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  return true;
}

/** Whether the wrapper is registered now. */
export function fastWasmMatMulActive(): boolean {
  return stock !== null && tf.getBackend() === 'wasm';
}
