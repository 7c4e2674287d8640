/**
 * Text, end to end as a person would: choose the bundled Brown corpus, train a small transformer
 * ensemble, watch a text's soft labels soften with T, distil the embedding-bag student, download it
 * as ONNX and score it with onnxruntime in Node at the accuracy the Results table shows.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { gatherInputs, gatherLabels } from '../src/core/data/data';
import { datasetOf } from '../src/core/import/dataset-files';
import { encodeCorpus, parseTextCorpus } from '../src/core/text/corpus';
import { entropyAtT, expect, JOB_TIMEOUT, test } from './fixtures';

const BROWN_ASSET = join(import.meta.dirname, '..', 'public', 'data', 'brown.json');
const LENGTH = 24;

/** The corpus's test split tokenised as the studio tokenises it (the vocabulary is built on training, deterministically). */
async function testSplit() {
  const dataset = datasetOf(encodeCorpus(parseTextCorpus(await readFile(BROWN_ASSET, 'utf8')), { vocabSize: 8000, length: LENGTH }));
  const { test: indices } = dataset.split;
  return { inputs: gatherInputs(dataset, indices), labels: gatherLabels(dataset, indices), classes: dataset.classNames.length };
}

async function onnxTestAccuracy(bytes: Uint8Array): Promise<number> {
  const { inputs, labels, classes } = await testSplit();
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feed = { [session.inputNames[0]!]: new ort.Tensor('float32', inputs, [labels.length, LENGTH]) };
    const logits = (await session.run(feed))[session.outputNames[0]!]!.data as Float32Array;
    let correct = 0;
    for (let i = 0; i < labels.length; i++) {
      const row = Array.from(logits.subarray(i * classes, (i + 1) * classes));
      if (row.indexOf(Math.max(...row)) === labels[i]) correct++;
    }
    return (100 * correct) / labels.length;
  } finally {
    await session.release();
  }
}

test('text: the Brown corpus, a transformer ensemble, soft labels of a text at T, a bag student exported to ONNX', async ({
  studio,
  page,
  consoleErrors,
  backend,
}) => {
  // Measured here: on WebGPU (SwiftShader, software Vulkan) the transformer trains at about 10 s per
  // batch of 64, so even 2 teachers on 10 % would take most of an hour; it runs, but not in CI.
  test.skip(backend === 'webgpu', 'the transformer trains at ~10 s per batch on SwiftShader here; the WASM project runs this flow');
  test.setTimeout(6 * JOB_TIMEOUT);
  await studio.open();

  await test.step('choose the corpus, 24 tokens per text', async () => {
    await page.getByText('Text: the Brown corpus (8 genres)').click();
    await studio.fill('Sequence length (tokens)', LENGTH);
    await studio.button('Use the Brown corpus (text)').click();
    await expect(studio.status).toContainText(/Ready: Brown corpus genres, 18,757 samples \(13,054 train \/ 1,828 val \/ 3,875 test\)/, {
      timeout: 60_000,
    });
    await expect(page.getByText(/^Texts: vocabulary of 8,000 ids from the training split, 24 tokens per text/)).toBeVisible();
    await expect(page.getByLabel('Teacher model', { exact: true })).toHaveValue('transformer');
    await expect(studio.field('Student hidden layers')).toHaveValue('bag8');
  });

  await test.step('a small transformer ensemble trains; a test text shows its soft labels, which soften as T rises', async () => {
    await studio.openTrainingSettings();
    await studio.fill('Training images (%)', 10);
    await studio.openTeacherSettings();
    await studio.fill('Ensemble size', 2);
    await studio.fill('Teacher epochs', 1);
    await studio.fill('Student epochs', 6);
    await studio.trainTeachers();
    await studio.showSection('Live charts');
    // The sample is shown as its words, with its genre.
    await expect(page.getByRole('blockquote').first()).toBeVisible();
    await expect(page.getByText(/^True label/)).toContainText(
      /Press|Religion|Hobbies|Popular lore|Belles lettres|Government|Learned|Fiction/,
    );
    const stats = page.getByText(/^Ensemble predicts /);
    await expect(stats).toContainText('at T = 2 ');
    const before = await stats.textContent();
    const temperature = studio.slider('Temperature');
    await temperature.focus();
    await temperature.press('End');
    await expect(stats).toContainText('at T = 20 ');
    expect(entropyAtT(await stats.textContent())).toBeGreaterThan(entropyAtT(before));
    await temperature.press('Home'); // back to T = 1 …
    for (let i = 0; i < 2; i++) await temperature.press('ArrowRight'); // … then up to the preset's T = 2
    await expect(temperature).toHaveValue('2');
  });

  await test.step('the bag student distils; its ONNX file scores the shown accuracy in onnxruntime', async () => {
    await studio.startDistilling();
    await studio.waitForStudent();
    const shown = await studio.testAccuracy('Distilled student');
    expect(shown).toBeGreaterThan(100 / 8); // above chance over 8 genres
    const [file] = await Promise.all([page.waitForEvent('download'), studio.button('Download ONNX student').click()]);
    expect(file.suggestedFilename()).toMatch(/^student-bag8-T2-a0\.5-.*\.onnx$/);
    const accuracy = await onnxTestAccuracy(new Uint8Array(await readFile(await file.path())));
    expect(Math.abs(accuracy - shown)).toBeLessThanOrEqual(0.005 + 1e-9);
  });

  expect(consoleErrors).toEqual([]);
});
