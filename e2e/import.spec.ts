/**
 * Bring your own dataset: Fashion-MNIST from the IDX files Debian's dataset-fashion-mnist installs
 * (CI installs the package), previewed, switched to, and distilled on a small subset; a malformed
 * file refused with a message that names the problem, the current dataset kept, said in view next
 * to the file picker at 1280×720; a CSV whose label column is `species`, imported by choosing it;
 * and a CSV with a split column and a zip of colour images in train/ and test/ folders, which keep
 * their split (the zip its colour too).
 */
import { encode as encodePng } from 'fast-png';
import { zipSync, type Zippable } from 'fflate';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMnistAsset } from '../src/core/data/data';
import { expect, test, type Studio } from './fixtures';
import type { Locator, Page } from '@playwright/test';

const FASHION = '/usr/share/datasets/fashion-mnist';
const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];

test('import Fashion-MNIST from its IDX files and distil a small student on it', async ({ studio, page, backend, consoleErrors }) => {
  test.skip(!existsSync(`${FASHION}/${FILES[0]}`), 'needs the Debian package dataset-fashion-mnist');
  test.skip(backend !== 'wasm', '70,000 images: quick on WASM, slow on SwiftShader');
  test.setTimeout(300_000);
  await studio.open();

  await test.step('a malformed file is refused with a message naming the problem; MNIST stays', async () => {
    await page
      .getByLabel('Import dataset files')
      .setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('label,a,b\n1,2\n') });
    await expect(page.getByRole('alert')).toContainText(/The dataset was not imported: broken\.csv.*row 2/);
    await expect(page.getByText(/^MNIST: 10,000 samples/)).toBeVisible();
  });

  const benchmarkPreset = page.getByRole('group', { name: 'Presets' }).getByRole('button', { name: 'Fashion-MNIST benchmark' });
  await test.step('the benchmark preset is not offered on the bundled MNIST (split 70/10/20)', async () => {
    await expect(page.getByRole('group', { name: 'Presets' }).getByRole('button', { name: 'Quick demo' })).toBeVisible();
    await expect(benchmarkPreset).toHaveCount(0);
  });

  await test.step('the four IDX files are parsed in the worker and previewed', async () => {
    await page.getByLabel('Import dataset files').setInputFiles(FILES.map((f) => `${FASHION}/${f}`));
    await expect(
      page.getByText(
        /^70,000 samples: 28×28 grey images\. 55,000 train, 5,000 validation, 10,000 test: the data's own test set \(10,000\); validation is the last 5,000 of its training set\./,
      ),
    ).toBeVisible({
      timeout: 60_000,
    });
    const perClass = page.getByRole('table', { name: 'Samples per class' });
    await expect(perClass.getByRole('row')).toHaveCount(10);
    await expect(perClass.getByRole('row', { name: '0 7,000' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Sample images' }).getByRole('img')).toHaveCount(40);
    await page.getByRole('button', { name: 'Use Fashion-MNIST’s class names' }).click();
    await expect(page.getByLabel('Class names')).toHaveValue(/^T-shirt\/top, Trouser, Pullover/);
    await page.getByRole('button', { name: 'Use this dataset' }).click();
    await expect(studio.status).toContainText(/Ready: IDX .*70,000 samples \(55,000 train/, { timeout: 60_000 });
  });

  await test.step('with its own test split, the Fashion-MNIST benchmark preset is offered and sets up the protocol', async () => {
    await benchmarkPreset.click();
    await expect(studio.status).toContainText(
      /Fashion-MNIST benchmark settings: .*three CNN \(32-64\) teachers.*Measured on Fashion-MNIST over 3 seeds/,
    );
    await expect(page.getByLabel('Teacher model', { exact: true })).toHaveValue('cnn-32-64');
    // Back to the defaults: the steps below train small MLP teachers.
    await page.getByRole('group', { name: 'Presets' }).getByRole('button', { name: 'Full defaults' }).click();
    await expect(page.getByLabel('Teacher model', { exact: true })).toHaveValue('mlp');
  });

  await test.step('teachers and a student train on 5 % of it', async () => {
    await studio.configure({ ensembleSize: 2, trainPercent: 5 });
    await studio.trainTeachers();
    await studio.startDistilling();
    await studio.waitForStudent();
    const student = await studio.testAccuracy('Distilled student');
    // Ten classes: chance is 10 %; a small student on 2,450 images does far better.
    expect(student).toBeGreaterThan(50);
    await studio.showSection('Live charts');
    await expect(page.getByRole('combobox', { name: 'Class' })).toContainText('Ankle boot');
  });

  expect(consoleErrors).toEqual([]);
});

/** A .npy file (format 1.0) of float32 logits [count, classes], as numpy.save writes it. */
function npy(values: Float32Array, count: number, classes: number): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${count}, ${classes}), }`;
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix.writeUInt8(1, 6);
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), Buffer.from(values.buffer)]);
}

test('teacher logits from a file: the student distils from them without any teacher trained here', async ({
  studio,
  page,
  backend,
  consoleErrors,
}) => {
  test.skip(backend !== 'wasm', 'the flow spec covers WebGPU; this one is about the import');
  await studio.open();
  const asset = readFileSync(fileURLToPath(new URL('../public/data/mnist.bin', import.meta.url)));
  const { labels, count } = parseMnistAsset(asset.buffer.slice(asset.byteOffset, asset.byteOffset + asset.byteLength) as ArrayBuffer);
  // A confident teacher that is right on every sample but the first of each hundred.
  const logits = new Float32Array(count * 10);
  labels.forEach((label, i) => (logits[i * 10 + (i % 100 === 0 ? (label + 1) % 10 : label)] = 6));
  await page.locator('summary', { hasText: 'Teachers from files' }).click();
  const input = page.getByLabel('Import teacher logits');

  await test.step('logits of the wrong shape are refused with both sizes named', async () => {
    await input.setInputFiles({
      name: 'short.npy',
      mimeType: 'application/octet-stream',
      buffer: npy(logits.subarray(0, 9990 * 10), 9990, 10),
    });
    await expect(page.getByRole('alert')).toContainText(/short\.npy: the logits have 9,990 rows; the dataset has 10,000 samples/);
  });

  await test.step('the right file becomes the teachers, and a student distils from it', async () => {
    await input.setInputFiles({ name: 'ensemble.npy', mimeType: 'application/octet-stream', buffer: npy(logits, count, 10) });
    await expect(studio.status).toContainText(/Teachers imported from ensemble\.npy: 1 member, ensemble test accuracy 99\.\d\d %/);
    await expect(page.getByText(/^1 × logits from ensemble\.npy: ensemble 99\.\d\d % test/)).toBeVisible();
    await studio.configure({});
    await studio.startDistilling();
    await studio.waitForStudent();
    expect(await studio.testAccuracy('Distilled student')).toBeGreaterThan(50);
    await expect(studio.resultRow('Teacher ensemble')).toContainText('unknown (imported logits)');
    await expect(page.getByRole('table', { name: 'Runs' })).toContainText('1 × logits from ensemble.npy');
  });

  expect(consoleErrors).toEqual([]);
});

/** The element's box, asserted inside the viewport and not covered (e.g. by the sticky run bar) at its top and bottom. */
async function expectInView(page: Page, element: Locator) {
  const box = await element.boundingBox();
  const viewport = page.viewportSize();
  expect(box).not.toBeNull();
  expect(viewport).not.toBeNull();
  const { x, y, width, height } = box!;
  expect(x).toBeGreaterThanOrEqual(0);
  expect(y).toBeGreaterThanOrEqual(0);
  expect(x + width).toBeLessThanOrEqual(viewport!.width);
  expect(y + height).toBeLessThanOrEqual(viewport!.height);
  const uncovered = await element.evaluate(
    (el, points) => points.every(([px, py]) => el.contains(document.elementFromPoint(px!, py!))),
    [
      [x + width / 2, y + 3],
      [x + width / 2, y + height - 3],
    ],
  );
  expect(uncovered).toBe(true);
  return box!;
}

/** A file for the picker from text. */
const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

test.describe('at 1280×720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('a ragged CSV: its message is whole, in view, right under the file picker; the run bar points to it', async ({
    studio,
    page,
    backend,
    consoleErrors,
  }) => {
    test.skip(backend !== 'wasm', 'the import does not depend on the backend');
    await studio.open();
    const input = page.getByLabel('Import dataset files');
    const text = 'The dataset was not imported: ragged.csv, row 3 has 2 cells; the header has 3 columns. The current dataset is kept.';
    const message = page.getByRole('alert').filter({ hasText: 'ragged.csv' });

    await test.step('the message is next to the picker, in the viewport, whole, and describes the picker', async () => {
      await input.setInputFiles(csvFile('ragged.csv', 'label,a,b\n0,1,2\n1,3\n'));
      await expect(message).toHaveText(text);
      await expect(input).toBeFocused();
      const box = await expectInView(page, message);
      const picker = (await input.boundingBox())!;
      // Right under the picker, in the same column.
      expect(box.y).toBeGreaterThanOrEqual(picker.y + picker.height - 1);
      expect(box.y - (picker.y + picker.height)).toBeLessThan(40);
      expect(Math.abs(box.x - picker.x)).toBeLessThan(40);
      // Whole: nothing clipped or ellipsed.
      const clipped = await message.evaluate((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
      expect(clipped).toBe(false);
      await expect(input).toHaveAccessibleDescription(new RegExp(`^${text.replace(/[.()]/g, '\\$&')}`));
      await expect(page.getByText(/^MNIST: 10,000 samples/)).toBeVisible();
    });

    await test.step('the run bar and the alerts only point to it; their button brings it back into view', async () => {
      await expect(studio.status).toHaveText('The dataset could not be imported: see the Dataset panel.');
      await expect(page.getByRole('alert')).toHaveCount(1);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.getByRole('button', { name: 'Show the message' }).click();
      await expect(input).toBeFocused();
      await expectInView(page, message);
    });

    await test.step('Dismiss clears the message and the pointer', async () => {
      await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
      await expect(message).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Show the message' })).toHaveCount(0);
      await expect(studio.status).toHaveText('Ready: 10,000 digits (6,995 train / 1,001 val / 2,004 test)');
    });
    expect(consoleErrors).toEqual([]);
  });
});

/** An iris-like table: four measurements and the species (three, 50 rows each, well apart), no recognised label column. */
function irisCsv(): string {
  const species = ['setosa', 'versicolor', 'virginica'];
  const rows = Array.from({ length: 150 }, (_, i) => {
    const s = i % 3;
    const wobble = ((i * 37) % 11) / 20;
    const values = [4.8 + s * 1.1 + wobble, 3.4 - s * 0.3 + wobble / 2, 1.4 + s * 2.2 + wobble, 0.2 + s * 0.9 + wobble / 3];
    return [...values.map((v) => v.toFixed(1)), species[s]].join(',');
  });
  return `sepal_length,sepal_width,petal_length,petal_width,species\n${rows.join('\n')}\n`;
}

async function importIris(studio: Studio, page: Page) {
  await page.getByLabel('Import dataset files').setInputFiles(csvFile('iris.csv', irisCsv()));
  await expect(page.getByRole('alert')).toContainText(
    'iris.csv: no label column: none of its columns ("sepal_length", "sepal_width", "petal_length", "petal_width", "species") is named label, class, target or y.',
  );
  await expect(studio.status).toHaveText('The dataset could not be imported: see the Dataset panel.');
}

test('a CSV whose label column is "species": chosen under the message, previewed, used, and distilled on', async ({
  studio,
  page,
  backend,
  consoleErrors,
}) => {
  test.skip(backend !== 'wasm', 'the import does not depend on the backend');
  await studio.open();
  const chooser = page.getByLabel('Label column', { exact: true });

  await test.step("the refusal offers the CSV's columns", async () => {
    await importIris(studio, page);
    await expect(chooser).toBeVisible();
    await expect(chooser.locator('option:not([value=""])')).toHaveText([
      'sepal_length',
      'sepal_width',
      'petal_length',
      'petal_width',
      'species',
    ]);
  });

  await test.step('a column of decimals cannot be the label: said next to the chooser, which keeps focus', async () => {
    await chooser.focus(); // as a click on it would
    await chooser.selectOption('sepal_length');
    const problem = page.getByRole('alert');
    await expect(problem).toContainText(
      'iris.csv: column "sepal_length" holds numbers with decimals (row 2: "4.8"), so it cannot be the label column',
    );
    await expect(chooser).toBeFocused();
    await expect(chooser).toHaveValue('sepal_length');
    await expect(chooser).toHaveAccessibleDescription(/holds numbers with decimals/);
    await expectInView(page, problem);
  });

  await test.step('choosing "species" parses it again: three classes, four numeric columns', async () => {
    await chooser.selectOption('species');
    await expect(
      page.getByText(
        /^150 samples: 4 numeric columns \(sepal_length, sepal_width, petal_length, petal_width\)\. 105 train, 15 validation, 30 test: split 70\/10\/20 within each class/,
      ),
    ).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    const perClass = page.getByRole('table', { name: 'Samples per class' });
    await expect(perClass.getByRole('row')).toHaveText(['setosa50', 'versicolor50', 'virginica50']);
    await expect(page.getByLabel('Class names')).toHaveValue('setosa, versicolor, virginica');
    await expect(chooser).toHaveValue('species');
    await expect(studio.status).toHaveText('iris.csv: 150 samples in 3 classes, ready to use.');
  });

  await test.step('a refused switch is said above "Use this dataset", which gets focus back', async () => {
    const names = page.getByLabel('Class names');
    const use = page.getByRole('button', { name: 'Use this dataset' });
    await names.fill('setosa, setosa, virginica');
    await use.click();
    const problem = page.getByRole('alert');
    await expect(problem).toHaveText('The dataset was not switched: Class names must differ from each other.');
    await expect(use).toBeFocused();
    await expect(use).toHaveAccessibleDescription('The dataset was not switched: Class names must differ from each other.');
    await expectInView(page, problem);
    await expect(studio.status).toHaveText('The dataset was not switched: see the Dataset panel.');
    await names.fill('setosa, versicolor, virginica');
  });

  await test.step('used, and a tiny run distilled on it', async () => {
    await page.getByRole('button', { name: 'Use this dataset' }).click();
    await expect(studio.status).toContainText('Ready: iris.csv, 150 samples (105 train / 15 val / 30 test)');
    await expect(chooser).toHaveCount(0);
    await studio.configure({ teacherEpochs: 5, studentEpochs: 5 });
    await studio.trainTeachers();
    await studio.startDistilling();
    await studio.waitForStudent();
    expect(await studio.testAccuracy('Distilled student')).toBeGreaterThan(0);
  });
  expect(consoleErrors).toEqual([]);
});

/** 60 rows of two numbers and a label; every fifth row is marked "Test" in the split column, the others "train". */
function splitCsv(bad?: { row: number; value: string }): string {
  const rows = Array.from({ length: 60 }, (_, i) => {
    const mark = bad && i + 2 === bad.row ? bad.value : i % 5 === 4 ? 'Test' : 'train';
    return `${i % 2},${(i * 0.1).toFixed(1)},${i % 7},${mark}`;
  });
  return `label,a,b,split\n${rows.join('\n')}\n`;
}

/** A zip of 8×8 RGB PNGs in train/ and test/ folders, one class red and one blue. */
function colourZip(): Buffer {
  const entries: Zippable = {};
  const colours = { red: [220, 30, 30], blue: [30, 30, 220] };
  for (const [part, count] of [
    ['train', 10],
    ['test', 2],
  ] as const) {
    for (const [name, rgb] of Object.entries(colours)) {
      const data = new Uint8Array(8 * 8 * 3).map((_, i) => rgb[i % 3]!);
      for (let i = 0; i < count; i++) entries[`${part}/${name}/${i}.png`] = encodePng({ width: 8, height: 8, data, channels: 3, depth: 8 });
    }
  }
  return Buffer.from(zipSync(entries));
}

test('a CSV with a split column and a zip of colour images in train/ and test/ keep their split; the zip stays in colour', async ({
  studio,
  page,
  backend,
  consoleErrors,
}) => {
  test.skip(backend !== 'wasm', 'the import does not depend on the backend');
  await studio.open();
  const input = page.getByLabel('Import dataset files');

  await test.step('a split column marking a row "dev" is refused, naming the row and the value', async () => {
    await input.setInputFiles(csvFile('marked.csv', splitCsv({ row: 9, value: 'dev' })));
    await expect(page.getByRole('alert')).toContainText('marked.csv, row 9, column "split": "dev" is not a part of a split');
  });

  await test.step('the preview counts the marked split and says which rule made it', async () => {
    await input.setInputFiles(csvFile('marked.csv', splitCsv()));
    // 48 rows marked train, 12 test: validation is the last 10 % of the training rows (5).
    await expect(
      page.getByText(
        /^60 samples: 2 numeric columns \(a, b\)\. 43 train, 5 validation, 12 test: the data's own test set \(12\); validation is the last 5 of its training set\./,
      ),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Use this dataset' }).click();
    await expect(studio.status).toContainText('Ready: marked.csv, 60 samples (43 train / 5 val / 12 test)');
  });

  await test.step('a zip of colour images is previewed as RGB, its samples drawn in colour', async () => {
    await input.setInputFiles({ name: 'colours.zip', mimeType: 'application/zip', buffer: colourZip() });
    await expect(
      page.getByText(
        /^24 samples: 8×8 colour images \(RGB\)\. 18 train, 2 validation, 4 test: the data's own test set \(4\); validation is the last 2 of its training set\./,
      ),
    ).toBeVisible();
    const samples = page.getByRole('list', { name: 'Sample images' }).getByRole('img');
    await expect(samples).toHaveCount(8);
    const firstPixels = await samples.evaluateAll((canvases) =>
      canvases.map((c) => Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 1, 1).data.subarray(0, 3))),
    );
    // The first four of each class in row order; the zip's classes are interleaved (blue first, by name).
    expect(firstPixels).toEqual(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? [30, 30, 220] : [220, 30, 30])));
  });
  expect(consoleErrors).toEqual([]);
});
