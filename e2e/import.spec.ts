/**
 * Bring your own dataset: Fashion-MNIST from the IDX files Debian's dataset-fashion-mnist installs
 * (CI installs the package), previewed, switched to, and distilled on a small subset; and a
 * malformed file refused with a message that names the problem, the current dataset kept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMnistAsset } from '../src/core/data';
import { expect, test } from './fixtures';

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

  await test.step('the four IDX files are parsed in the worker and previewed', async () => {
    await page.getByLabel('Import dataset files').setInputFiles(FILES.map((f) => `${FASHION}/${f}`));
    await expect(
      page.getByText(/^70,000 samples: 28×28 grey images\. Split per class 70\/10\/20: 49,000 train, 7,000 validation, 14,000 test\./),
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
    await expect(studio.status).toContainText(/Ready: IDX .*70,000 samples \(49,000 train/, { timeout: 60_000 });
  });

  await test.step('teachers and a student train on 5 % of it', async () => {
    await studio.configure({ ensembleSize: 2, trainPercent: 5 });
    await studio.trainTeachers();
    await studio.startDistilling();
    await studio.waitForStudent();
    const student = await studio.testAccuracy('Distilled student');
    // Ten classes: chance is 10 %; a small student on 2,450 images does far better.
    expect(student).toBeGreaterThan(50);
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
