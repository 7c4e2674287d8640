/**
 * A workaround for tfjs-backend-wasm 4.22: its BatchMatMul kernel hands every product with a
 * transpose flag, and every batched product (batch > 1), to a scalar C++ loop (about 1.4 GFLOP/s
 * here); only flag-free products of batch 1 go to XNNPACK (tfjs-backend-wasm/src/cc/
 * batch_mat_mul_impl.cc). Backpropagation through a dense layer is all flagged products — the
 * weight gradient xᵀ·dy and the input gradient dy·Wᵀ — and attention is all batched ones
 * ([batch·heads, L, dh] queries against keys, weights against values, and their gradients), so a
 * training step spends most of its time there.
 *
 * `useFastWasmMatMul` re-registers BatchMatMul on the wasm backend with a wrapper that
 * - runs the wasm Transpose kernel on a flagged operand first (one call for every batch), then
 *   flag-free products; a·bᵀ with a short a (dy·Wᵀ) is computed as (b·aᵀ)ᵀ, which moves far fewer
 *   values (see `swapsTransposedB`);
 * - turns a batched product into XNNPACK's 2-D ones: against one shared right operand (batch 1) as a
 *   single product of all the left slices' rows; otherwise slice by slice, each slice of a, b and
 *   the output registered with the wasm backend's C++ side as a tensor of its own that points into
 *   its tensor's memory (no copy), multiplied by tfjs's own C++ BatchMatMul (its XNNPACK path) and
 *   unregistered, which also deletes the XNNPACK operator packed for it. Measured on
 *   [256, 64, 16] × [256, 16, 64]: 37.8 ms in the scalar loop, 8 ms as 2-D products.
 * Batch dimensions broadcast as tfjs's kernels do (equal, or one side of batch 1); anything else
 * (other dtypes, empty tensors, batches tfjs's kernels would pair by modulo) goes to tfjs's kernel,
 * as do flag-free products of batch 1 (already XNNPACK). Same maths, same float32 results up to
 * summation order. Drop this module once tfjs's wasm BatchMatMul routes transposed and batched
 * operands to XNNPACK itself.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfoLike } from './kernel-types';

/** The parts of tfjs-backend-wasm's module the slices use: its C++ tensor registry and its exports. */
interface WasmModuleLike {
  cwrap(name: string, returns: null, args: string[]): (...args: unknown[]) => void;
  tfjs: { registerTensor(id: number, size: number, memoryOffset: number): void; disposeData(id: number): void };
}

/** tfjs-backend-wasm's BackendWasm as this module uses it; `dataIdNextNumber` is private in tfjs's types. */
interface WasmBackendLike {
  disposeData(dataId: object): void;
  makeOutput(shape: number[], dtype: string): TensorInfoLike;
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
  dataIdNextNumber?: number;
  wasm?: WasmModuleLike;
}

interface WasmKernelArgs {
  inputs: { a: TensorInfoLike; b: TensorInfoLike };
  backend: WasmBackendLike;
  attrs: { transposeA: boolean; transposeB: boolean };
}

type KernelFunc = (args: WasmKernelArgs) => TensorInfoLike;
type TransposeFunc = (args: { inputs: { x: TensorInfoLike }; backend: unknown; attrs: { perm: number[] } }) => TensorInfoLike;
/** tfjs's C++ BatchMatMul: (a id, a shape, rank, b id, b shape, rank, transposeA, transposeB, out id). */
type CppMatMul = (
  aId: number,
  aShape: Uint8Array,
  aRank: number,
  bId: number,
  bShape: Uint8Array,
  bRank: number,
  ta: number,
  tb: number,
  outId: number,
) => void;

const NO_FLAGS = { transposeA: false, transposeB: false };
const FLOAT_BYTES = 4;

/** tfjs's own kernel config, kept so the stock kernel can be put back (the benchmark compares both). */
let stock: tf.KernelConfig | null = null;

/** The C++ BatchMatMul, wrapped once per wasm module. */
const cppMatMuls = new WeakMap<WasmModuleLike, CppMatMul>();

/** The product of the batch dimensions (all but the last two). */
const batchOf = (shape: number[]) => shape.slice(0, -2).reduce((p, d) => p * d, 1);

/** `x`'s data seen with another shape of the same size (no copy; kernels read shapes from their inputs). */
const view = (x: TensorInfoLike, shape: number[]): TensorInfoLike => ({ dataId: x.dataId, shape, dtype: x.dtype });

/** A product's shape, or null when it is tfjs's kernel's to take (or to reject with its message). */
interface Plan {
  batchA: number;
  batchB: number;
  m: number;
  k: number;
  n: number;
  outShape: number[];
}

function planOf({ a, b }: WasmKernelArgs['inputs'], { transposeA, transposeB }: WasmKernelArgs['attrs']): Plan | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const [ra, rb] = [a.shape.length, b.shape.length];
  const [m, k] = transposeA ? [a.shape[ra - 1]!, a.shape[ra - 2]!] : [a.shape[ra - 2]!, a.shape[ra - 1]!];
  const [kb, n] = transposeB ? [b.shape[rb - 1]!, b.shape[rb - 2]!] : [b.shape[rb - 2]!, b.shape[rb - 1]!];
  const [batchA, batchB] = [batchOf(a.shape), batchOf(b.shape)];
  if (k !== kb || batchA * batchB * m * n * k === 0) return null;
  // tfjs's kernels pair batch i with a's i % batchA and b's i % batchB: a broadcast only when one is 1.
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  let outer: number[];
  try {
    outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch {
    return null;
  }
  // [1, 6] against [6, 1]: tfjs's kernels compute 6 products for an output of 36; theirs to take.
  if (tf.util.sizeFromShape(outer) !== Math.max(batchA, batchB)) return null;
  return { batchA, batchB, m, k, n, outShape: [...outer, m, n] };
}

/**
 * Whether a·bᵀ (slices a [m, k], b [n, k]) is cheaper as (b·aᵀ)ᵀ. Each product packs its right
 * operand (XNNPACK's weights) and a flagged operand is transposed first, about the same cost per
 * value: a·bᵀ moves 2·n·k values per slice (transpose b, pack it), (b·aᵀ)ᵀ moves 2·m·k + m·n
 * (transpose a, pack it, transpose the product). In backprop, dy·Wᵀ with 64 rows against a 512×512
 * W: 98,000 instead of 524,000. With batches, what matters first is which side is shared: a shared
 * right operand makes one 2-D product of all the left slices, every other case one per slice.
 */
function swapsTransposedB({ batchA, batchB, m, k, n }: Plan): boolean {
  if (batchA !== batchB) return batchA === 1; // then aᵀ is the shared right operand
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
  const transposeFunc = transpose.kernelFunc as unknown as TransposeFunc;

  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const plan = planOf(inputs, attrs);
    const batched = plan !== null && (plan.batchA > 1 || plan.batchB > 1);
    if (!plan || (!batched && !attrs.transposeA && !attrs.transposeB)) return multiply(args);
    const { batchA, batchB, m, k, n } = plan;
    /** [batch, r, c] → [batch, c, r], one Transpose for all slices. */
    const swap = (x: TensorInfoLike) => transposeFunc({ inputs: { x }, backend, attrs: { perm: [0, 2, 1] } });
    const product = (a: TensorInfoLike, b: TensorInfoLike) => flagFreeProduct(a, b, backend, multiply);
    const temporaries: TensorInfoLike[] = [];
    const temporary = (t: TensorInfoLike) => (temporaries.push(t), t);
    try {
      let out: TensorInfoLike;
      if (!attrs.transposeA && attrs.transposeB && swapsTransposedB(plan)) {
        // a·bᵀ = (b·aᵀ)ᵀ: transposes the small a and the small product instead of the large b.
        const aT = temporary(swap(view(inputs.a, [batchA, m, k])));
        out = swap(temporary(product(view(inputs.b, [batchB, n, k]), aT)));
      } else {
        const a = attrs.transposeA ? temporary(swap(view(inputs.a, [batchA, k, m]))) : view(inputs.a, [batchA, m, k]);
        const b = attrs.transposeB ? temporary(swap(view(inputs.b, [batchB, n, k]))) : view(inputs.b, [batchB, k, n]);
        out = product(a, b);
      }
      out.shape = plan.outShape;
      return out;
    } finally {
      for (const t of temporaries) backend.disposeData(t.dataId);
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

/**
 * a [batchA, m, k] · b [batchB, k, n] → [batch, m, n] through XNNPACK: one product when b is shared
 * (batchB 1: the left slices are one [batchA·m, k] matrix), else one per slice.
 */
function flagFreeProduct(a: TensorInfoLike, b: TensorInfoLike, backend: WasmBackendLike, multiply: KernelFunc): TensorInfoLike {
  const [batchA, m, k] = a.shape as [number, number, number];
  const [batchB, , n] = b.shape as [number, number, number];
  let out: TensorInfoLike;
  if (batchB === 1) out = multiply({ inputs: { a: view(a, [1, batchA * m, k]), b }, backend, attrs: NO_FLAGS });
  else out = sliceRegistry(backend)?.product(a, b) ?? multiply({ inputs: { a, b }, backend, attrs: NO_FLAGS });
  out.shape = [Math.max(batchA, batchB), m, n];
  return out;
}

/**
 * Batched products slice by slice on the C++ side, or null if this tfjs-backend-wasm lacks the
 * internals it needs (then tfjs's kernel takes them, in its scalar loop).
 */
function sliceRegistry(backend: WasmBackendLike): { product(a: TensorInfoLike, b: TensorInfoLike): TensorInfoLike } | null {
  const wasm = backend.wasm;
  if (!wasm || typeof backend.dataIdNextNumber !== 'number' || typeof wasm.cwrap !== 'function') return null;
  if (typeof wasm.tfjs?.registerTensor !== 'function' || typeof wasm.tfjs.disposeData !== 'function') return null;
  let matMul = cppMatMuls.get(wasm);
  if (!matMul) {
    // The argument types tfjs's own kernel declares (tfjs-backend-wasm/src/kernels/BatchMatMul.ts).
    const types = ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number'];
    matMul = wasm.cwrap('BatchMatMul', null, types) as unknown as CppMatMul;
    cppMatMuls.set(wasm, matMul);
  }
  const cpp = matMul;
  const memory = (t: TensorInfoLike) => {
    const data = backend.dataIdMap.get(t.dataId);
    if (!data) throw new Error('BatchMatMul on wasm: an operand has no data on the wasm backend.');
    return data;
  };
  return {
    product(a, b) {
      const [batchA, m, k] = a.shape as [number, number, number];
      const [batchB, , n] = b.shape as [number, number, number];
      const batch = Math.max(batchA, batchB);
      const out = backend.makeOutput([batch, m, n], 'float32');
      // Offsets, not views: XNNPACK's allocations may grow the wasm memory, which moves no offset.
      const [from, by, to] = [memory(a), memory(b), memory(out)];
      const shapeBytes = (shape: number[]) => new Uint8Array(new Int32Array(shape).buffer);
      const [aShape, bShape] = [shapeBytes([1, m, k]), shapeBytes([1, k, n])];
      const registered: number[] = [];
      /** A tensor id of the C++ registry for `size` floats at `offset`, inside a tfjs tensor's memory. */
      const slice = (offset: number, size: number) => {
        const id = backend.dataIdNextNumber!++;
        wasm.tfjs.registerTensor(id, size, offset);
        registered.push(id);
        return id;
      };
      try {
        for (let i = 0; i < batch; i++) {
          const aId = batchA === 1 ? from.id : slice(from.memoryOffset + i * m * k * FLOAT_BYTES, m * k);
          const bId = slice(by.memoryOffset + i * k * n * FLOAT_BYTES, k * n);
          const outId = slice(to.memoryOffset + i * m * n * FLOAT_BYTES, m * n);
          cpp(aId, aShape, 3, bId, bShape, 3, 0, 0, outId);
          // Unregistering b's slice also deletes the XNNPACK operator cached on its id.
          while (registered.length > 0) wasm.tfjs.disposeData(registered.pop()!);
        }
      } catch (error) {
        while (registered.length > 0) wasm.tfjs.disposeData(registered.pop()!);
        backend.disposeData(out.dataId);
        throw error;
      }
      return out;
    },
  };
}
