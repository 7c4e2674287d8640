/// <reference lib="webworker" />
/**
 * The benchmark page's compute worker: the studio's engine plus the benchmark, so the studio's own
 * worker does not ship the benchmark's code (bench.html, `npm run bench`).
 */
import * as Comlink from 'comlink';
import { engine, requireSession } from '../worker/engine';
import { runBenchmark } from './benchmark';
import { teacherSpeed } from './teacher-speed';
import type { BenchEngine } from './bench-engine';

const benchEngine: BenchEngine = {
  ...engine,
  benchmark: (config, repeats) => runBenchmark(requireSession(), config, repeats),
  teacherSpeed: () => teacherSpeed(requireSession().device),
};

Comlink.expose(benchEngine);
