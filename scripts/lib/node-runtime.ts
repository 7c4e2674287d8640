/** Node-side setup shared by the CLI, the benchmark and tests: a tfjs backend and the dataset. */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { parseMnistAsset, type Dataset } from '../../src/core/data/data';
import { datasetOf, parseDatasetFiles, type DatasetImportOptions } from '../../src/core/import/dataset-files';
import { checkImportSize } from '../../src/core/import/limits';
import { useFastWasmMatMul } from '../../src/core/models/wasm-matmul';
import { useWasmConvGradients } from '../../src/core/models/wasm-conv';
import { useFastWasmGather } from '../../src/core/models/wasm-gather';
import { useCpuSegmentSum, useWasmSegmentSum } from '../../src/core/models/wasm-segment-sum';
import { useSharedWasmIdentity } from '../../src/core/models/wasm-identity';
import { parseTextCorpus, textDataset, type TextEncoding } from '../../src/core/text/corpus';
import { parseTextCsv } from '../../src/core/text/text-csv';

export type NodeBackend = 'wasm' | 'cpu';
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MNIST_ASSET = join(ROOT, 'public', 'data', 'mnist.bin');
export const BROWN_ASSET = join(ROOT, 'public', 'data', 'brown.json');

/** What `--data` names besides files: the bundled text corpus. */
export const BROWN_NAME = 'brown';

/**
 * A text dataset for the CLI: the bundled Brown corpus (`brown`), or a CSV with a text column
 * (`textColumn`), tokenised with `encoding`.
 */
export function loadTextDataset(
  source: string,
  encoding: TextEncoding,
  options: { textColumn?: string; labelColumn?: string } = {},
): Dataset {
  if (source === BROWN_NAME) {
    let json: string;
    try {
      json = readFileSync(BROWN_ASSET, 'utf8');
    } catch {
      throw new Error(`${BROWN_ASSET} is missing: run "npm run prepare-data" (npm install does it).`);
    }
    return textDataset(parseTextCorpus(json), encoding);
  }
  checkImportSize(basename(source), existing(source).size);
  return textDataset(parseTextCsv({ name: basename(source), bytes: new Uint8Array(readFileSync(source)) }, options), encoding);
}

/** Initialises tfjs on `backend` in Node (no GPU here; tfjs-node's native binary cannot be downloaded). */
export async function useNodeBackend(backend: NodeBackend): Promise<void> {
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend "${backend}" could not be initialised`);
  await tf.ready();
  useFastWasmMatMul(); // src/core/models/wasm-matmul.ts: backprop's transposed products through XNNPACK
  useWasmConvGradients(); // src/core/models/wasm-conv.ts: convolution and pooling gradients through XNNPACK (wasm has no filter gradient)
  useFastWasmGather(); // src/core/models/wasm-gather.ts: batches gathered as row copies, not element by element
  useWasmSegmentSum(); // src/core/models/wasm-segment-sum.ts: the Gather gradient's kernel (embeddings), which wasm lacks
  useCpuSegmentSum(); // src/core/models/wasm-segment-sum.ts: the Gather gradient in one pass, not one per vocabulary row (cpu only)
  useSharedWasmIdentity(); // src/core/models/wasm-identity.ts: tensors saved for backprop shared, not copied
}

/**
 * A dataset of one's own from files (IDX, CSV, a zip of images): `paths` are files, or one folder
 * whose files are read (e.g. /usr/share/datasets/fashion-mnist). Parsed as the studio parses them
 * (`options.labelColumn`: a CSV's label column, chosen by name).
 */
export function loadDatasetFiles(paths: string[], options: DatasetImportOptions = {}): Dataset {
  const files =
    paths.length === 1 && existing(paths[0]!).isDirectory()
      ? readdirSync(paths[0]!)
          .filter((name) => statSync(join(paths[0]!, name)).isFile())
          .map((name) => join(paths[0]!, name))
      : paths;
  const inputs = files.map((path) => {
    checkImportSize(basename(path), existing(path).size);
    return { name: basename(path), bytes: new Uint8Array(readFileSync(path)) };
  });
  return datasetOf(parseDatasetFiles(inputs, options));
}

/** A file's or folder's stats; a message naming it when it does not exist. */
export function existing(path: string): Stats {
  try {
    return statSync(path);
  } catch {
    throw new Error(`${path}: no such file or folder.`);
  }
}

export function loadMnist(path = MNIST_ASSET): Dataset {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new Error(`${path} is missing: run "npm run prepare-data" (npm install does it).`);
  }
  return parseMnistAsset(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}
