/**
 * Charts and runs leave the page as files: a chart as a standalone SVG (its title, legend and plots,
 * styles written in) and as a PNG drawn at 2×; a run's metrics as a CSV with one row per epoch.
 * All made on the page, under the Content-Security-Policy, with no error.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test, type SectionName, type Studio } from './fixtures';

test.beforeEach(({ backend }) => {
  test.skip(backend !== 'wasm', 'the files are made on the page: they do not depend on the backend');
});

/** Clicks the button and returns the download's suggested name and bytes. */
async function download(page: Page, studio: Studio, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), studio.button(button).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

interface ParsedSvg {
  error: string | null;
  root: string;
  namespace: string | null;
  width: number;
  height: number;
  paths: number;
  texts: string[];
  styled: number;
}

/** Parses `text` as XML in the browser: the root, its size, how many <path>s, every <text>'s content. */
function parseSvg(page: Page, text: string): Promise<ParsedSvg> {
  return page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: root.localName,
      namespace: root.namespaceURI,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      paths: doc.querySelectorAll('path').length,
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''),
      styled: doc.querySelectorAll('[style*="stroke"], [style*="fill"]').length,
    };
  }, text);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test('the loss chart saves as SVG and PNG, every chart offers both, and a run saves its metrics per epoch as CSV', async ({
  studio,
  page,
  consoleErrors,
}) => {
  await studio.open();
  await studio.configure({ ensembleSize: 2, studentEpochs: 3 });
  await studio.trainTeachers();
  await studio.startDistilling();
  await studio.waitForStudent();

  await test.step('the loss chart as SVG: valid XML with its lines, title and legend', async () => {
    await studio.showSection('Live charts');
    const svg = await download(page, studio, 'Save Loss chart as SVG');
    expect(svg.name).toBe('loss-chart.svg');
    const text = svg.bytes.toString('utf8');
    expect(text).toContain('<path');
    const parsed = await parseSvg(page, text);
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    expect(parsed.namespace).toBe('http://www.w3.org/2000/svg');
    expect(parsed.paths).toBeGreaterThanOrEqual(4);
    expect(parsed.texts).toContain('Training loss');
    expect(parsed.texts).toContain('Total (distilled)');
    expect(parsed.texts).toContain('Baseline CE');
    expect(parsed.width).toBeGreaterThan(200);
    expect(parsed.height).toBeGreaterThan(200);
    // The stylesheet stays on the page: colours and strokes are written onto the elements.
    expect(parsed.styled).toBeGreaterThan(10);

    const png = await download(page, studio, 'Save Loss chart as PNG');
    expect(png.name).toBe('loss-chart.png');
    expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.bytes.length).toBeGreaterThan(10_000);
    // IHDR: width and height, big-endian, at bytes 16 and 20: the SVG's at 2×.
    expect(png.bytes.readUInt32BE(16)).toBe(2 * parsed.width);
    expect(png.bytes.readUInt32BE(20)).toBe(2 * parsed.height);
    await expect(page.locator('.chart-export__error'), 'no export failed').toHaveCount(0);
  });

  await test.step('every other chart drawn so far saves as SVG under its own name and title', async () => {
    for (const [section, name, file, title] of [
      ['Live charts', 'Accuracy chart', 'accuracy-chart.svg', 'Accuracy per epoch (validation)'],
      [
        'Live charts',
        'Calibration and fidelity chart',
        'calibration-and-fidelity-chart.svg',
        'Agreement with the ensemble per epoch, validation',
      ],
      ['Live charts', 'Soft labels chart', 'soft-labels-chart.svg', null],
      ['Ensemble', 'Teacher reliability diagram', 'teacher-reliability-diagram.svg', 'Teacher reliability diagram (test split)'],
      ['Results', 'Reliability diagram', 'reliability-diagram.svg', 'Reliability diagram (test split)'],
      ['Results', 'Accuracy vs size chart', 'accuracy-vs-size-chart.svg', 'Accuracy vs size (test split)'],
    ] as const satisfies readonly (readonly [SectionName, string, string, string | null])[]) {
      await studio.showSection(section);
      await expect(studio.button(`Save ${name} as PNG`)).toBeEnabled();
      const svg = await download(page, studio, `Save ${name} as SVG`);
      expect(svg.name).toBe(file);
      const parsed = await parseSvg(page, svg.bytes.toString('utf8'));
      expect(parsed.error, name).toBeNull();
      if (title) expect(parsed.texts, name).toContain(title);
      else expect(parsed.texts[0], name).toMatch(/^Soft labels of test digit \d+, T = 4$/);
    }
  });

  await test.step('run 1 metrics as CSV: a header, then one row per epoch', async () => {
    const csv = await download(page, studio, 'Export run 1 metrics (CSV)');
    expect(csv.name).toBe('distill-run-1-metrics.csv');
    const [header, ...rows] = csv.bytes.toString('utf8').trimEnd().split('\n');
    const columns = header!.split(',');
    expect(columns.slice(0, 3)).toEqual(['run', 'name', 'teachersImportedFrom']);
    expect(columns).toEqual(
      expect.arrayContaining(['epoch', 'step', 'studentValAccuracy', 'baselineValAccuracy', 'studentValEce', 'meanLoss']),
    );
    expect(rows).toHaveLength(3);
    const epoch = columns.indexOf('epoch');
    const accuracy = columns.indexOf('studentValAccuracy');
    expect(rows.map((row) => row.split(',')[epoch])).toEqual(['1', '2', '3']);
    for (const row of rows) {
      expect(row.split(',')).toHaveLength(columns.length);
      expect(Number(row.split(',')[accuracy])).toBeGreaterThan(0.1);
    }
    await expect(studio.status).toContainText('Saved distill-run-1-metrics.csv');
  });

  expect(consoleErrors).toEqual([]);
});
