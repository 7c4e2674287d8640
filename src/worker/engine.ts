/**
 * The object the worker exposes: a thin adapter from the StudioEngine protocol to a
 * DistillationSession. No training logic lives here.
 */
import type { ExperimentConfig } from '../core/config';
import { runBenchmark } from '../core/benchmark';
import { parseMnistAsset } from '../core/data';
import { DistillationSession, summarizeDataset } from '../core/session';
import { initBackend, watchDeviceLoss } from './backend';
import type { BackendRequest, StudioEngine, TeacherSnapshot } from '../shared/protocol';

let session: DistillationSession | null = null;
let faultListener: ((message: string) => void) | null = null;

function requireSession(): DistillationSession {
  if (!session) throw new Error('No dataset is loaded in the worker yet.');
  return session;
}

export const engine: StudioEngine = {
  async init(request: BackendRequest) {
    const info = await initBackend(request);
    watchDeviceLoss((message) => faultListener?.(message));
    return info;
  },

  async loadDataset(asset: ArrayBuffer) {
    session?.dispose();
    session = new DistillationSession(parseMnistAsset(asset));
    return summarizeDataset(session.dataset);
  },

  trainTeachers(config: ExperimentConfig, onProgress) {
    return requireSession().trainTeachers(config, { onProgress });
  },

  restoreTeachers(snapshot: TeacherSnapshot) {
    return requireSession().restoreTeachers(snapshot);
  },

  async setTeacherWeights(weights: number[]) {
    return requireSession().setTeacherWeights(weights);
  },

  distill(config: ExperimentConfig, onProgress) {
    return requireSession().distill(config, { onProgress });
  },

  setHyperparams(hyperparams) {
    requireSession().setHyperparams(hyperparams);
  },

  stop() {
    session?.stop();
  },

  estimate(config: ExperimentConfig) {
    return requireSession().estimate(config);
  },

  watchFaults(onFault) {
    faultListener = onFault;
  },

  benchmark(config: ExperimentConfig, repeats: number) {
    return runBenchmark(requireSession(), config, repeats);
  },
};
