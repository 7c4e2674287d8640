/**
 * A workaround for tfjs-backend-wasm 4.22: it has Conv2D, Conv2DBackpropInput and MaxPoolGrad but
 * no Conv2DBackpropFilter, so no convolution's weights can be trained on WASM (tfjs's gradient of
 * Conv2D asks the backend for that kernel and gets none).
 *
 * `useWasmConvFilterGradient` registers Conv2DBackpropFilter on the wasm backend as the wasm
 * backend's own Conv3DBackpropFilterV2 (compiled C++) on a depth of one: x [b, h, w, c] is viewed
 * as [b, 1, h, w, c], dy as [b, 1, oh, ow, k], the filter [fh, fw, c, k] as [1, fh, fw, c, k].
 * Views cost nothing (wasm's Reshape shares the data). That kernel is wrong for strides above one
 * (measured against cpu: a third of the weights' gradients off by up to 10), so a strided
 * convolution — which none of the studio's models has — takes a plain loop over the wasm memory
 * instead. Both give the cpu kernel's gradients (unit-tested: shapes, strides and paddings). Drop
 * this module once tfjs-backend-wasm registers Conv2DBackpropFilter itself (upstream:
 * tfjs-backend-wasm/src/kernels/ has no Conv2DBackpropFilter in 4.22).
 */
import * as tf from '@tensorflow/tfjs';

interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}

interface WasmBackendLike {
  disposeData(dataId: object): void;
  readSync(dataId: object): unknown;
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number, values?: Float32Array): TensorInfoLike;
}

interface FilterGradientAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | unknown;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

interface FilterGradientArgs {
  inputs: { x: TensorInfoLike; dy: TensorInfoLike };
  backend: WasmBackendLike;
  attrs: FilterGradientAttrs;
}

type Kernel<Args> = (args: Args) => TensorInfoLike;

const KERNEL = 'Conv2DBackpropFilter';

/** Whether this module's kernel is registered (tfjs's own would be left alone). */
let registered = false;

/** [a, b] from a stride or dilation attribute, which may be one number. */
const pair = (value: number | [number, number]): [number, number] => (typeof value === 'number' ? [value, value] : value);

/**
 * Registers the filter gradient on the wasm backend if tfjs has none there; returns whether the
 * wasm backend now has one. Call after `tf.setBackend('wasm')`.
 */
export function useWasmConvFilterGradient(): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  if (tf.getKernel(KERNEL, 'wasm')) return true;
  const conv3d = tf.getKernel('Conv3DBackpropFilterV2', 'wasm');
  const reshape = tf.getKernel('Reshape', 'wasm');
  if (!conv3d || !reshape) return false;
  const filterGradient3d = conv3d.kernelFunc as unknown as Kernel<{
    inputs: { x: TensorInfoLike; dy: TensorInfoLike };
    backend: WasmBackendLike;
    attrs: { strides: [number, number, number]; pad: 'valid' | 'same' | number; filterShape: number[] };
  }>;
  const view = reshape.kernelFunc as unknown as Kernel<{
    inputs: { x: TensorInfoLike };
    backend: WasmBackendLike;
    attrs: { shape: number[] };
  }>;

  const kernelFunc: Kernel<FilterGradientArgs> = ({ inputs, backend, attrs }) => {
    const { strides, pad, dataFormat, filterShape } = attrs;
    if (dataFormat !== 'NHWC') throw new Error(`${KERNEL} on wasm supports NHWC only, got ${dataFormat}.`);
    if (pad !== 'valid' && pad !== 'same' && typeof pad !== 'number') {
      throw new Error(`${KERNEL} on wasm supports 'valid', 'same' or a number as padding, not explicit padding.`);
    }
    if (pair(strides).some((stride) => stride !== 1)) return stridedFilterGradient({ inputs, backend, attrs });
    const asVolume = (t: TensorInfoLike) => view({ inputs: { x: t }, backend, attrs: { shape: [t.shape[0]!, 1, ...t.shape.slice(1)] } });
    const x = asVolume(inputs.x);
    const dy = asVolume(inputs.dy);
    try {
      const volume = filterGradient3d({
        inputs: { x, dy },
        backend,
        attrs: { strides: [1, ...pair(strides)], pad, filterShape: [1, ...filterShape] },
      });
      try {
        return view({ inputs: { x: volume }, backend, attrs: { shape: [...filterShape] } });
      } finally {
        backend.disposeData(volume.dataId);
      }
    } finally {
      backend.disposeData(x.dataId);
      backend.disposeData(dy.dataId);
    }
  };

  tf.registerKernel({ kernelName: KERNEL, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  registered = true;
  return true;
}

/**
 * The filter gradient of a strided convolution as a plain loop (the cpu kernel's), for the shapes
 * the depth-one view gets wrong: dW[r, c, i, o] = Σ x[b, y·sh + r − top, x·sw + c − left, i] · dy[b, y, x, o].
 */
function stridedFilterGradient({ inputs, backend, attrs }: FilterGradientArgs): TensorInfoLike {
  const { x, dy } = inputs;
  const [batch, height, width, inChannels] = x.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    [batch, height, width, inChannels],
    attrs.filterShape,
    pair(attrs.strides),
    1,
    attrs.pad as 'valid' | 'same' | number,
    attrs.dimRoundingMode,
  );
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

/** Whether the wasm backend's filter gradient is this module's. */
export function wasmConvFilterGradientActive(): boolean {
  return registered && tf.getBackend() === 'wasm';
}
