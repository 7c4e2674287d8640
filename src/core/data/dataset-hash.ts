/**
 * A dataset's fingerprint: SHA-256 of everything a run reads from it (its samples, labels, split and
 * class names), so a manifest can say which data it was measured on and a replay can refuse other
 * data. Synchronous (@noble/hashes), so the worker and the CLI compute it where they load the data.
 */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex } from '@noble/hashes/utils';
import type { Dataset } from './data';

const asBytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** "sha256:…" of the dataset's samples, labels, split, unlabelled rows and class names. */
export function datasetHash(dataset: Dataset): string {
  const hash = sha256.create();
  const header = JSON.stringify({ classes: dataset.classNames, count: dataset.count, values: dataset.values.constructor.name });
  hash.update(new TextEncoder().encode(header));
  for (const part of [dataset.values, dataset.labels, dataset.split.train, dataset.split.val, dataset.split.test, dataset.unlabelled]) {
    hash.update(asBytes(part));
  }
  return `sha256:${bytesToHex(hash.digest())}`;
}
