/**
 * Adam's update on the wasm backend as one SIMD pass over the backend's own memory. Done with
 * tfjs's element-wise kernels, a step of the 784-512-512-10 teacher runs a dozen kernels over its
 * 670,000 parameters, each reading and writing whole arrays and allocating its output (and wasm's
 * Sqrt is a scalar loop). Here a small WebAssembly function of ours, instantiated on the backend's
 * WebAssembly.Memory, reads each weight, gradient and moment once, four lanes at a time, updates
 * both moments in place and writes the new weights once.
 *
 * tfjs-backend-wasm 4.22 keeps every tensor in that memory (`getMemoryOffset` gives where) and
 * exposes the Memory as `Module.wasmMemory` (threaded build) or `Module.asm.memory` (the others).
 * When the memory or WebAssembly SIMD is not there, `wasmAdam()` is null and the caller keeps to
 * kernels. Drop this module if tfjs gains a fused optimizer kernel on wasm.
 */
import * as tf from '@tensorflow/tfjs';

type TensorInfoLike = Pick<tf.Tensor, 'dataId' | 'shape' | 'dtype'>;

/** What the wasm backend (tfjs-backend-wasm 4.22, backend_wasm.ts) offers for this. */
interface WasmBackendLike {
  wasm: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  getMemoryOffset(dataId: object): number;
  /** How many tensors share this memory (tensor objects and kernels' views alike). */
  refCount(dataId: object): number;
  /** New memory for a tensor of this shape (uninitialised). */
  makeOutput(shape: number[], dtype: 'float32'): TensorInfoLike;
  typedArrayFromHeap(info: TensorInfoLike): Float32Array | Int32Array | Uint8Array;
}

/** One step's constants: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², w ← w − stepSize · m / (√v + epsilon). */
export interface AdamStep {
  beta1: number;
  beta2: number;
  /** α·√(1−β2ᵗ)/(1−β1ᵗ): the learning rate with both bias corrections folded in. */
  stepSize: number;
  /** ε·√(1−β2ᵗ), so that m / (√v + this) is m̂ / (√v̂ + ε) of tf.train.adam. */
  epsilon: number;
}

/** A variable and its gradient and moment buffers. */
export interface AdamSlot {
  variable: tf.Variable;
  gradient: tf.Tensor;
  m: tf.Variable;
  v: tf.Variable;
}

export type AdamExport = (
  w: number,
  g: number,
  m: number,
  v: number,
  out: number,
  n: number,
  beta1: number,
  oneMinusBeta1: number,
  beta2: number,
  oneMinusBeta2: number,
  stepSize: number,
  epsilon: number,
) => void;

/** The function instantiated on each backend memory seen so far. */
const instances = new WeakMap<WebAssembly.Memory, AdamExport | null>();

/** The fused update for the active backend, or null when it is not wasm (or the pass cannot run there). */
export function wasmAdam(): ((slots: readonly AdamSlot[], step: AdamStep) => void) | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as WasmBackendLike;
  const memory = backend.wasm?.wasmMemory ?? backend.wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory) || typeof backend.getMemoryOffset !== 'function') return null;
  const adam = adamOn(memory);
  return adam ? (slots, step) => applyStep(backend, adam, slots, step) : null;
}

/** Whether every tensor of `slots` can take the pass (float32, one size per slot). */
export function fusable(slots: readonly AdamSlot[]): boolean {
  return slots.every(({ variable, gradient, m, v }) =>
    [variable, gradient, m, v].every((t) => t.dtype === 'float32' && t.size === variable.size),
  );
}

/**
 * The moments are updated in place; the weights are written to new memory, which the variable
 * then takes. Not in place, because the backend caches each matmul's packed weights (XNNPACK
 * operators, batch_mat_mul_impl.cc) by the weight tensor's id until that tensor is disposed: a
 * weight changed in place would be multiplied in its stale packed form.
 */
function applyStep(backend: WasmBackendLike, adam: AdamExport, slots: readonly AdamSlot[], step: AdamStep): void {
  const { beta1, beta2, stepSize, epsilon } = step;
  const at = (t: tf.Tensor) => backend.getMemoryOffset(t.dataId);
  for (const { variable, gradient, m, v } of slots) {
    [m, v].forEach((t) => ownMemory(backend, t));
    const updated = newTensor(backend, variable.shape);
    adam(at(variable), at(gradient), at(m), at(v), at(updated), variable.size, beta1, 1 - beta1, beta2, 1 - beta2, stepSize, epsilon);
    variable.assign(updated);
    updated.dispose();
  }
}

/** A float32 tensor on new, uninitialised memory. */
function newTensor(backend: WasmBackendLike, shape: number[]): tf.Tensor {
  return tf.engine().makeTensorFromTensorInfo(backend.makeOutput(shape, 'float32'));
}

/** Gives a moment memory no other tensor shares (a copy), unless it already has. */
function ownMemory(backend: WasmBackendLike, moment: tf.Variable): void {
  if (backend.refCount(moment.dataId) === 1) return;
  const copy = newTensor(backend, moment.shape);
  // Views after the allocation: allocating may grow the memory, which detaches older views.
  (backend.typedArrayFromHeap(copy) as Float32Array).set(backend.typedArrayFromHeap(moment) as Float32Array);
  moment.assign(copy);
  copy.dispose();
}

/** The pass instantiated on `memory` (tests use it on memories of their own); null where it cannot run. */
export function adamOn(memory: WebAssembly.Memory): AdamExport | null {
  if (!instances.has(memory)) instances.set(memory, instantiate(memory));
  return instances.get(memory)!;
}

function instantiate(memory: WebAssembly.Memory): AdamExport | null {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = adamModule(shared);
  if (!WebAssembly.validate(bytes)) return null; // no WebAssembly SIMD here
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    return instance.exports.adam as AdamExport;
  } catch {
    return null; // e.g. a policy that forbids compiling WebAssembly
  }
}

// ---- The module, assembled here from its instructions (no toolchain needed). ----

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

/** Unsigned LEB128. */
function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** Signed LEB128 (small constants). */
function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (text: string): number[] => [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];

// The parameters and locals of `adam`, by index.
const [W, G, M, V, OUT, N, B1, C1, B2, C2, STEP, EPS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const [P, END, VB1, VC1, VB2, VC2, VSTEP, VEPS, VG, VM, VV, SG, SM, SV] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25];
/** The locals' types, in index order: P and END, the nine four-lane values, the scalar loop's three. */
const LOCALS = [
  [2, I32],
  [9, V128],
  [3, F32],
];

const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32 = (n: number) => [0x41, ...sleb(n)];
const simd = (op: number) => [0xfd, ...uleb(op)];
/** `base + p`, the address of element p/4 of an array. */
const addr = (base: number) => [...get(base), ...get(P), 0x6a /* i32.add */];
const [v128Load, v128Store] = [
  [...simd(0x00), 0, 0],
  [...simd(0x0b), 0, 0],
];
const [f32Load, f32Store] = [
  [0x2a, 0, 0],
  [0x38, 0, 0],
];
const [splat, fsqrt, fadd, fsub, fmul, fdiv] = [simd(0x13), simd(0xe3), simd(0xe4), simd(0xe5), simd(0xe6), simd(0xe7)];
const scalar = { sqrt: [0x91], add: [0x92], sub: [0x93], mul: [0x94], div: [0x95] };

/**
 * One element-wise loop over byte offsets p (stepping `stride`) up to `limit`: the update as tfjs
 * computes it, in float32 — m = β1·m + (1−β1)·g; v = β2·v + (g·g)·(1−β2); w = w − (s·m) / (√v + ε).
 */
function loop(
  ops: { load: number[]; store: number[]; sqrt: number[]; add: number[]; sub: number[]; mul: number[]; div: number[] },
  locals: { b1: number; c1: number; b2: number; c2: number; step: number; eps: number; g: number; m: number; v: number },
  stride: number,
  limit: number[],
): number[] {
  const { load, store, sqrt, add, sub, mul, div } = ops;
  const l = locals;
  const step = [...get(l.step), ...get(l.m), ...mul, ...get(l.v), ...sqrt, ...get(l.eps), ...add, ...div];
  const instructions = [
    [0x02, 0x40, 0x03, 0x40], // block, loop
    [...get(P), ...limit, 0x4f, 0x0d, 1], // i32.ge_u, br_if 1: leave the block once p reaches the limit
    [...addr(G), ...load, ...set(l.g)],
    [...addr(M), ...load, ...get(l.b1), ...mul, ...get(l.g), ...get(l.c1), ...mul, ...add, ...set(l.m)],
    [...addr(V), ...load, ...get(l.b2), ...mul, ...get(l.g), ...get(l.g), ...mul, ...get(l.c2), ...mul, ...add, ...set(l.v)],
    [...addr(M), ...get(l.m), ...store],
    [...addr(V), ...get(l.v), ...store],
    [...addr(OUT), ...addr(W), ...load, ...step, ...sub, ...store], // out = w − s·m / (√v + ε)
    [...get(P), ...i32(stride), 0x6a, ...set(P)], // p += stride
    [0x0c, 0], // br 0: next round of the loop
    [0x0b, 0x0b], // end loop, end block
  ];
  return instructions.flat();
}

/** The module's bytes: imports env.memory (shared or not, as the backend's is), exports `adam`. */
function adamModule(sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const params = [I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32];
  const splats = [B1, C1, B2, C2, STEP, EPS].flatMap((param, k) => [...get(param), ...splat, ...set(VB1 + k)]);
  const body = [
    ...[...get(N), ...i32(-4), 0x71, ...i32(2), 0x74, ...set(END)], // END = (n & ~3) << 2 (i32.and, i32.shl): the bytes of whole lanes of four
    ...splats,
    ...loop(
      { load: v128Load, store: v128Store, sqrt: fsqrt, add: fadd, sub: fsub, mul: fmul, div: fdiv },
      { b1: VB1, c1: VC1, b2: VB2, c2: VC2, step: VSTEP, eps: VEPS, g: VG, m: VM, v: VV },
      16,
      get(END),
    ),
    ...loop(
      { load: f32Load, store: f32Store, ...scalar },
      { b1: B1, c1: C1, b2: B2, c2: C2, step: STEP, eps: EPS, g: SG, m: SM, v: SV },
      4,
      [...get(N), ...i32(2), 0x74],
    ),
    0x0b,
  ];
  const code = [...vec(LOCALS.map(([count, type]) => [...uleb(count!), type!])), ...body];
  const limits = sharedMemory ? [0x03, ...uleb(0), ...uleb(65536)] : [0x00, ...uleb(0)];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec(params.map((t) => [t])), ...vec([])]])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, ...limits]])),
    ...section(3, vec([uleb(0)])),
    ...section(7, vec([[...name('adam'), 0x00, ...uleb(0)]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}
