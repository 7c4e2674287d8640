/**
 * The architecture is a lint rule, not a convention: each snippet imports across a boundary from
 * a file in the folder named, and ESLint (this repository's eslint.config.js) must refuse it;
 * the same files with allowed imports pass.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => /no-restricted-imports/.test(m.ruleId ?? '')).map((m) => m.message);
}

describe('lint enforces the boundaries', () => {
  it.each([
    ['src/core/x.ts', "import { create } from 'zustand';\nexport const s = create;", /store is page state/],
    ['src/core/x.ts', "import { useState } from 'react';\nexport const u = useState;", /framework-free/],
    ['src/core/x.ts', "import * as Comlink from 'comlink';\nexport const c = Comlink;", /comlink lives in src\/worker/],
    ['src/core/x.ts', "import { engine } from '../worker/engine';\nexport const e = engine;", /src\/core imports only src\/core/],
    [
      'src/core/x.ts',
      "import { createStudioStore } from '../state/store';\nexport const s = createStudioStore;",
      /src\/core imports only src\/core/,
    ],
    ['src/state/x.ts', "import * as tf from '@tensorflow/tfjs';\nexport const t = tf;", /No tensors on the page/],
    ['src/ui/X.tsx', "import * as tf from '@tensorflow/tfjs-core';\nexport const t = tf;", /No tensors on the page/],
    [
      'src/ui/X.tsx',
      "import { DistillationSession } from '../core/training/session';\nexport const S = DistillationSession;",
      /runs tfjs: the page may import its types only/,
    ],
    // A module that runs tfjs only through another engine module counts too (found from the sources).
    [
      'src/ui/X.tsx',
      "import { DistillStep } from '../core/losses/distill-step';\nexport const d = DistillStep;",
      /runs tfjs: the page may import its types only/,
    ],
    ['src/state/x.ts', "import { engine } from '../worker/engine';\nexport const e = engine;", /only through src\/bridge\/client\.ts/],
    ['src/ui/X.tsx', "import * as Comlink from 'comlink';\nexport const c = Comlink;", /Only the bridge/],
    ['src/worker/x.ts', "import { App } from '../ui/App';\nexport const a = App;", /shares only src\/shared\/protocol\.ts/],
    // The arrows point one way: the store never imports the UI, the UI never the bridge, the engine never the benchmark.
    ['src/state/x.ts', "import { App } from '../ui/App';\nexport const a = App;", /never imports them/],
    ['src/ui/X.tsx', "import { createWorkerClient } from '../bridge/client';\nexport const c = createWorkerClient;", /through the store/],
    [
      'src/core/x.ts',
      "import { runBenchmark } from '../bench/benchmark';\nexport const r = runBenchmark;",
      /src\/core imports only src\/core/,
    ],
    ['src/storage/x.ts', "import { useStudio } from '../state/hooks';\nexport const u = useStudio;", /below the store/],
  ])('%s: %s', async (file, code, message) => {
    const errors = await importErrors(file, code);
    expect(errors.length, `ESLint accepted a forbidden import in ${file}`).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });

  it.each([
    ['src/core/x.ts', "import * as tf from '@tensorflow/tfjs';\nimport { PIXELS } from './data/data';\nexport const a = [tf, PIXELS];"],
    [
      'src/ui/X.tsx',
      "import type { DistillationSession } from '../core/training/session';\nimport { SETTINGS } from '../core/settings/registry';\nexport const a: DistillationSession | null = null;\nexport const p = SETTINGS;",
    ],
    [
      'src/bridge/x.ts',
      "import * as Comlink from 'comlink';\nimport type { StudioEngine } from '../shared/protocol';\nexport const w = (x: Worker) => Comlink.wrap<StudioEngine>(x);",
    ],
  ])('allows %s', async (file, code) => {
    expect(await importErrors(file, code)).toEqual([]);
  });
});
