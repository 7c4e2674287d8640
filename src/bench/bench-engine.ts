/** What the benchmark's worker offers: the studio's engine and the benchmark. */
import type { ExperimentConfig } from '../core/settings/config';
import type { StudioEngine } from '../shared/protocol';
import type { BenchmarkReport } from './benchmark';
import type { SpeedReport } from './teacher-speed';

export interface BenchEngine extends StudioEngine {
  /** The studio against bare tfjs on identical work, `repeats` alternating runs each (trains for real; `npm run bench`). */
  benchmark(config: ExperimentConfig, repeats: number): Promise<BenchmarkReport>;
  /** The teachers' speed rows alone (teacher-speed.ts; `npm run bench -- --speed`). */
  teacherSpeed(): Promise<SpeedReport>;
}

/** The benchmark's worker (Vite bundles it from this URL). */
export function benchWorker(): Worker {
  return new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
}
