/**
 * Convolution and pooling gradients on WASM. tfjs-backend-wasm 4.22 has no
 * Conv2DBackpropFilter at all (tfjs's gradient of Conv2D asks the backend for it and gets none, so
 * no convolution's weights could be trained on WASM), and its Conv2DBackpropInput and MaxPoolGrad
 * are plain loops that visit every window for every input pixel: on the CNN (32-64) teacher the
 * filter gradient (then a depth-one Conv3DBackpropFilterV2), the input gradient and the pool
 * gradient took 99 % of a training step (588 + 139 + 45 of 781 ms at batch 64, tf.profile in Node)
 * while the forward convolutions, on XNNPACK, took 15 ms.
 *
 * `useWasmConvGradients` registers the two convolution gradients as forward convolutions on the
 * wasm backend's own Conv2D kernel (XNNPACK, SIMD and threads where the page has them), for stride
 * 1 — every convolution in the studio's models — and the pool gradient as one pass:
 * - filter: dW[r, c, i, o] = Σ_b,y,x x[b, y + r − top, x + c − left, i] · dy[b, y, x, o] is a
 *   convolution of x with the batch as channels (x → [i, h, w, b]) by dy as the filter
 *   (dy → [oh, ow, b, o]), padded as the forward pass was; its [i, fh, fw, o] output transposed.
 * - input: dx is dy convolved with the filter rotated by 180° and its channels swapped
 *   (W → W[fh−1−r, fw−1−c, o, i]), padded by fh−1−top above and fh−1−bottom below (so too across).
 * - max-pool: one pass over the input (poolGradient).
 * A strided convolution (none of the studio's models has one) takes a plain loop for the filter and
 * keeps tfjs's own input gradient; padded pooling keeps tfjs's own. All give the cpu kernels'
 * gradients (unit-tested: shapes, strides, paddings, ties). Drop the filter gradient once
 * tfjs-backend-wasm registers Conv2DBackpropFilter itself (upstream: tfjs-backend-wasm/src/kernels/
 * has none in 4.22), the other two once its own are as fast (measured: `npm run bench`).
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfoLike } from './kernel-types';

interface WasmBackendLike {
  disposeData(dataId: object): void;
  readSync(dataId: object): unknown;
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number, values?: Float32Array): TensorInfoLike;
}

type Padding = 'valid' | 'same' | number;

interface ConvGradientAttrs {
  strides: number | [number, number];
  pad: Padding | unknown;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

interface FilterGradientArgs {
  inputs: { x: TensorInfoLike; dy: TensorInfoLike };
  backend: WasmBackendLike;
  attrs: ConvGradientAttrs & { filterShape: [number, number, number, number] };
}

interface InputGradientArgs {
  inputs: { dy: TensorInfoLike; filter: TensorInfoLike };
  backend: WasmBackendLike;
  attrs: ConvGradientAttrs & { inputShape: [number, number, number, number] };
}

type Kernel<Args> = (args: Args) => TensorInfoLike;
type ExplicitPadding = [[0, 0], [number, number], [number, number], [0, 0]];

/** The wasm backend's own kernels this module composes. */
interface WasmKernels {
  conv2d: Kernel<{
    inputs: { x: TensorInfoLike; filter: TensorInfoLike };
    backend: WasmBackendLike;
    attrs: { strides: number; pad: ExplicitPadding; dataFormat: 'NHWC'; dilations: number };
  }>;
  transpose: Kernel<{ inputs: { x: TensorInfoLike }; backend: WasmBackendLike; attrs: { perm: number[] } }>;
  reverse: Kernel<{ inputs: { x: TensorInfoLike }; backend: WasmBackendLike; attrs: { dims: number[] } }>;
}

const FILTER_KERNEL = 'Conv2DBackpropFilter';
const INPUT_KERNEL = 'Conv2DBackpropInput';
const POOL_KERNEL = 'MaxPoolGrad';

interface PoolGradientArgs {
  inputs: { dy: TensorInfoLike; input: TensorInfoLike; output: TensorInfoLike };
  backend: WasmBackendLike;
  attrs: {
    filterSize: number | [number, number];
    strides: number | [number, number];
    pad: Padding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
}

/** This module's kernels once made, and tfjs's own input gradient they fall back on. */
let ours: OurKernels | null = null;

interface OurKernels {
  filter: tf.KernelFunc;
  input: tf.KernelFunc;
  pool: tf.KernelFunc;
}

/** [a, b] from a stride or dilation attribute, which may be one number. */
const pair = (value: number | [number, number]): [number, number] => (typeof value === 'number' ? [value, value] : value);

function checkAttrs(kernel: string, { pad, dataFormat }: ConvGradientAttrs): void {
  if (dataFormat !== 'NHWC') throw new Error(`${kernel} on wasm supports NHWC only, got ${dataFormat}.`);
  if (pad !== 'valid' && pad !== 'same' && typeof pad !== 'number') {
    throw new Error(`${kernel} on wasm supports 'valid', 'same' or a number as padding, not explicit padding.`);
  }
}

/** The forward convolution's geometry (its padding on each side) for an input and filter shape. */
function convInfo(xShape: number[], filterShape: number[], attrs: ConvGradientAttrs) {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    pair(attrs.strides),
    1,
    attrs.pad as Padding,
    attrs.dimRoundingMode,
  );
}

/** Runs `f` and disposes the intermediate `owned` results whatever happens. */
function disposing<T>(backend: WasmBackendLike, owned: TensorInfoLike[], f: () => T): T {
  try {
    return f();
  } finally {
    for (const t of owned) backend.disposeData(t.dataId);
  }
}

function filterGradient(kernels: WasmKernels, { inputs, backend, attrs }: FilterGradientArgs): TensorInfoLike {
  checkAttrs(FILTER_KERNEL, attrs);
  if (pair(attrs.strides).some((stride) => stride !== 1)) return stridedFilterGradient({ inputs, backend, attrs });
  const { padInfo } = convInfo(inputs.x.shape, attrs.filterShape, attrs);
  const xByChannel = kernels.transpose({ inputs: { x: inputs.x }, backend, attrs: { perm: [3, 1, 2, 0] } });
  return disposing(backend, [xByChannel], () => {
    const dyAsFilter = kernels.transpose({ inputs: { x: inputs.dy }, backend, attrs: { perm: [1, 2, 0, 3] } });
    return disposing(backend, [dyAsFilter], () => {
      const pad: ExplicitPadding = [
        [0, 0],
        [padInfo.top, padInfo.bottom],
        [padInfo.left, padInfo.right],
        [0, 0],
      ];
      const byChannel = kernels.conv2d({
        inputs: { x: xByChannel, filter: dyAsFilter },
        backend,
        attrs: { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 },
      });
      return disposing(backend, [byChannel], () => kernels.transpose({ inputs: { x: byChannel }, backend, attrs: { perm: [1, 2, 0, 3] } }));
    });
  });
}

function inputGradient(
  kernels: WasmKernels,
  upstream: Kernel<InputGradientArgs>,
  { inputs, backend, attrs }: InputGradientArgs,
): TensorInfoLike {
  checkAttrs(INPUT_KERNEL, attrs);
  const [filterHeight, filterWidth] = inputs.filter.shape as [number, number];
  const { padInfo } = convInfo(attrs.inputShape, inputs.filter.shape, attrs);
  const pad: ExplicitPadding = [
    [0, 0],
    [filterHeight - 1 - padInfo.top, filterHeight - 1 - padInfo.bottom],
    [filterWidth - 1 - padInfo.left, filterWidth - 1 - padInfo.right],
    [0, 0],
  ];
  if (pair(attrs.strides).some((stride) => stride !== 1) || pad.flat().some((p) => p < 0)) {
    return upstream({ inputs, backend, attrs });
  }
  const rotated = kernels.reverse({ inputs: { x: inputs.filter }, backend, attrs: { dims: [0, 1] } });
  return disposing(backend, [rotated], () => {
    const swapped = kernels.transpose({ inputs: { x: rotated }, backend, attrs: { perm: [0, 1, 3, 2] } });
    return disposing(backend, [swapped], () =>
      kernels.conv2d({ inputs: { x: inputs.dy, filter: swapped }, backend, attrs: { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 } }),
    );
  });
}

/**
 * The max-pool gradient without padding: each window's dy goes to the window's first largest input
 * (row by row, as the cpu kernel picks it), in one pass over the input with all channels of a
 * pixel together. Padded pooling (no studio model has it) keeps tfjs's own kernel.
 */
function poolGradient(upstream: Kernel<PoolGradientArgs>, { inputs, backend, attrs }: PoolGradientArgs): TensorInfoLike {
  const { input, dy } = inputs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { top, bottom, left, right } = info.padInfo;
  if (top || bottom || left || right) return upstream({ inputs, backend, attrs });
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const xs = backend.readSync(input.dataId) as Float32Array;
  const dys = backend.readSync(dy.dataId) as Float32Array;
  const dx = new Float32Array(xs.length);
  const best = new Float32Array(channels);
  const at = new Int32Array(channels);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        best.fill(-Infinity);
        at.fill(-1);
        for (let r = 0; r < filterHeight; r++) {
          const y = oy * info.strideHeight + r;
          for (let c = 0; c < filterWidth; c++) {
            const pixel = ((b * inHeight + y) * inWidth + ox * info.strideWidth + c) * channels;
            for (let d = 0; d < channels; d++) {
              if (xs[pixel + d]! > best[d]!) {
                best[d] = xs[pixel + d]!;
                at[d] = pixel + d;
              }
            }
          }
        }
        const out = ((b * outHeight + oy) * outWidth + ox) * channels;
        for (let d = 0; d < channels; d++) if (at[d]! >= 0) dx[at[d]!]! += dys[out + d]!;
      }
    }
  }
  return backend.makeOutput([...input.shape], 'float32', undefined, dx);
}

/**
 * Registers the three gradients on the wasm backend (see the module's comment); returns whether they are
 * this module's. Call after `tf.setBackend('wasm')`.
 */
export function useWasmConvGradients(): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  ours ??= makeKernels();
  if (!ours) return false;
  for (const [kernelName, kernelFunc] of [
    [FILTER_KERNEL, ours.filter],
    [INPUT_KERNEL, ours.input],
    [POOL_KERNEL, ours.pool],
  ] as const) {
    const current = tf.getKernel(kernelName, 'wasm');
    if (current?.kernelFunc === kernelFunc) continue;
    if (current) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  return true;
}

/** The kernels over the wasm backend's own Conv2D, Transpose and Reverse; null if it lacks one. */
function makeKernels(): OurKernels | null {
  const kernel = (name: string) => tf.getKernel(name, 'wasm')?.kernelFunc as unknown;
  const kernels = { conv2d: kernel('Conv2D'), transpose: kernel('Transpose'), reverse: kernel('Reverse') } as WasmKernels;
  const upstreamInput = kernel(INPUT_KERNEL) as Kernel<InputGradientArgs> | undefined;
  const upstreamPool = kernel(POOL_KERNEL) as Kernel<PoolGradientArgs> | undefined;
  if (!kernels.conv2d || !kernels.transpose || !kernels.reverse || !upstreamInput || !upstreamPool) return null;
  const filter = (args: FilterGradientArgs) => filterGradient(kernels, args);
  const input = (args: InputGradientArgs) => inputGradient(kernels, upstreamInput, args);
  const pool = (args: PoolGradientArgs) => poolGradient(upstreamPool, args);
  return { filter, input, pool } as unknown as OurKernels;
}

/**
 * The filter gradient of a strided convolution as a plain loop (the cpu kernel's), for shapes no
 * studio model has: dW[r, c, i, o] = Σ x[b, y·sh + r − top, x·sw + c − left, i] · dy[b, y, x, o].
 */
function stridedFilterGradient({ inputs, backend, attrs }: FilterGradientArgs): TensorInfoLike {
  const { x, dy } = inputs;
  const [batch, height, width, inChannels] = x.shape as [number, number, number, number];
  const info = convInfo(x.shape, attrs.filterShape, attrs);
  const { outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const xs = backend.readSync(x.dataId) as Float32Array;
  const dys = backend.readSync(dy.dataId) as Float32Array;
  const dw = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let r = 0; r < filterHeight; r++) {
    for (let c = 0; c < filterWidth; c++) {
      for (let b = 0; b < batch; b++) {
        for (let oy = 0; oy < outHeight; oy++) {
          const iy = oy * strideHeight + r - info.padInfo.top;
          if (iy < 0 || iy >= height) continue;
          for (let ox = 0; ox < outWidth; ox++) {
            const ix = ox * strideWidth + c - info.padInfo.left;
            if (ix < 0 || ix >= width) continue;
            const xAt = ((b * height + iy) * width + ix) * inChannels;
            const dyAt = ((b * outHeight + oy) * outWidth + ox) * outChannels;
            for (let i = 0; i < inChannels; i++) {
              const xi = xs[xAt + i]!;
              const dwAt = ((r * filterWidth + c) * inChannels + i) * outChannels;
              for (let o = 0; o < outChannels; o++) dw[dwAt + o]! += xi * dys[dyAt + o]!;
            }
          }
        }
      }
    }
  }
  return backend.makeOutput([...attrs.filterShape], 'float32', undefined, dw);
}

/** Whether the wasm backend's convolution gradients are this module's. */
export function wasmConvGradientsActive(): boolean {
  return ours !== null && tf.getBackend() === 'wasm' && tf.getKernel(FILTER_KERNEL, 'wasm')?.kernelFunc === ours.filter;
}
