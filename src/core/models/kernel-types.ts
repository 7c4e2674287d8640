/**
 * The slices of tfjs's backend internals that our kernel workarounds (wasm-*.ts, the cpu segment
 * sum) touch, typed once: tfjs exports no types for them.
 */

/** A tensor as a kernel sees it: its data's handle, shape and dtype. */
export interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}

/** The wasm backend, as the kernels that read and write its heap directly use it. */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: string): TensorInfoLike;
  typedArrayFromHeap(info: TensorInfoLike): Float32Array | Int32Array | Uint8Array;
}
