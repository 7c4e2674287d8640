/**
 * Backend choice inside the worker: WebGPU first, then WebGL, WASM, CPU. Every candidate is
 * initialised and smoke-tested (a small matmul read back) before it is trusted; the reasons the
 * preferred ones were skipped are reported so the page can show them.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKENDS, type BackendName } from '../core/settings/config';
import { unsupportedArchs } from '../core/models/models';
import { useFastWasmMatMul } from '../core/models/wasm-matmul';
import { useWasmConvGradients } from '../core/models/wasm-conv';
import { useFastWasmGather } from '../core/models/wasm-gather';
import { useCpuSegmentSum, useWasmSegmentSum } from '../core/models/wasm-segment-sum';
import { useSharedWasmIdentity } from '../core/models/wasm-identity';
import type { BackendInfo, BackendRequest } from '../shared/protocol';

/** Why `name` cannot run here, or null if it may be tried. Also loads its code. */
async function prepare(name: BackendName): Promise<string | null> {
  switch (name) {
    case 'webgpu': {
      if (!('gpu' in navigator) || !navigator.gpu) return 'this browser exposes no WebGPU (navigator.gpu) to workers';
      const adapter = await navigator.gpu.requestAdapter();
      if (!adapter) return 'no WebGPU adapter is available';
      await import('@tensorflow/tfjs-backend-webgpu');
      return null;
    }
    case 'webgl':
      if (typeof OffscreenCanvas === 'undefined') return 'OffscreenCanvas is missing, so WebGL cannot run in a worker';
      return null;
    case 'wasm':
      setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      });
      setThreadsCount(navigator.hardwareConcurrency || 1);
      return null;
    case 'cpu':
      return null;
  }
}

/**
 * tfjs-backend-wasm 4.22 caps XNNPACK's thread pool at half of navigator.hardwareConcurrency
 * (backend.cc assumes two hyper-threads per core), so a 2-core laptop trains on one thread. The
 * module reads the count once, while it starts; for that moment the worker reports twice the real
 * count, so the pool may take every core (the worker is the page's only heavy work). Returns the
 * function that puts the real count back.
 */
function offerEveryCore(): () => void {
  const cores = navigator.hardwareConcurrency;
  if (!cores) return () => {};
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * cores, configurable: true });
  return () => {
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency; // the prototype's getter again
  };
}

async function smokeTest(): Promise<void> {
  const product = tf.tidy(() => tf.matMul(tf.ones([8, 8]), tf.ones([8, 8])));
  const values = await product.data();
  product.dispose();
  if (values[0] !== 8) throw new Error(`a test matmul returned ${values[0]} instead of 8`);
}

async function describe(name: BackendName): Promise<string> {
  switch (name) {
    case 'webgpu': {
      const backend = tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } };
      const info = backend.adapterInfo;
      const adapter = [info?.vendor, info?.architecture].filter(Boolean).join(' ');
      return `WebGPU${adapter ? ` (${adapter})` : ''}`;
    }
    case 'webgl':
      return `WebGL ${tf.env().getNumber('WEBGL_VERSION')} on OffscreenCanvas`;
    case 'wasm': {
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      const count = threads ? getThreadsCount() : 1;
      return `WebAssembly${simd ? ' with SIMD' : ''}${count > 1 ? `, ${count} threads` : ', single thread'}`;
    }
    case 'cpu':
      return 'plain JavaScript (slowest)';
  }
}

/** The request first (if any), then the default order. */
export function candidates(request: BackendRequest): BackendName[] {
  return request === 'auto' ? [...BACKENDS] : [request, ...BACKENDS.filter((b) => b !== request)];
}

export async function initBackend(request: BackendRequest): Promise<BackendInfo> {
  const skipped: BackendInfo['skipped'] = [];
  for (const name of candidates(request)) {
    try {
      const reason = await prepare(name);
      if (reason) {
        skipped.push({ name, reason });
        continue;
      }
      const restore = name === 'wasm' ? offerEveryCore() : () => {};
      const started = await tf.setBackend(name).finally(restore);
      if (!started) {
        skipped.push({ name, reason: 'tfjs could not initialise it' });
        continue;
      }
      await tf.ready();
      useFastWasmMatMul(); // src/core/models/wasm-matmul.ts: backprop's transposed products through XNNPACK (wasm only)
      useWasmConvGradients(); // src/core/models/wasm-conv.ts: convolution and pooling gradients through XNNPACK (wasm only)
      useFastWasmGather(); // src/core/models/wasm-gather.ts: batches gathered as row copies (wasm only)
      useWasmSegmentSum(); // src/core/models/wasm-segment-sum.ts: the Gather gradient's kernel (embeddings), which wasm lacks (wasm only)
      useCpuSegmentSum(); // src/core/models/wasm-segment-sum.ts: the Gather gradient in one pass, not one per vocabulary row (cpu only)
      useSharedWasmIdentity(); // src/core/models/wasm-identity.ts: tensors saved for backprop shared, not copied (wasm only)
      await smokeTest();
      return { name, requested: request, skipped, detail: await describe(name), unsupported: unsupportedArchs() };
    } catch (error) {
      skipped.push({ name, reason: (error as Error).message || String(error) });
    }
  }
  throw new Error(`No tfjs backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

/** Calls `onLost` if the WebGPU device behind the current backend is lost (tfjs does not handle it). */
export function watchDeviceLoss(onLost: (message: string) => void): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  void device?.lost.then((info) => {
    onLost(
      `The GPU device was lost (${info.reason || 'unknown reason'}: ${info.message}). ` +
        'Restart the worker, on another backend if it happens again; your teachers and student are kept.',
    );
  });
}
