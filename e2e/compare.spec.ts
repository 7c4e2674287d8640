/**
 * Comparison charts that scale: a KD run (losses around 1) and a DKD run (losses around 15)
 * compared side by side both draw inside the plot, on a y axis fitted to them, linear and log,
 * at 1280×720 and 1440×900; the table names the loss that differs and T and α as used.
 */
import type { Locator } from '@playwright/test';
import { expect, JOB_TIMEOUT, test } from './fixtures';

test.beforeEach(({ backend }) => {
  test.skip(backend !== 'wasm', 'the charts do not depend on the backend');
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The plot area of a LinePlot: left and bottom from its axis lines (parts.tsx), in page pixels. */
async function plotArea(chart: Locator): Promise<Box> {
  const y = (await chart.locator('.chart-axis--y .chart-axis__line').boundingBox())!;
  const x = (await chart.locator('.chart-axis--x .chart-axis__line').boundingBox())!;
  return { x: x.x, y: y.y, width: x.width, height: y.height };
}

/** Each run's drawn line (its path's box, stroke aside) lies inside the plot area; returns the boxes. */
async function expectCurvesInside(chart: Locator, what: string, count: number): Promise<Box[]> {
  await chart.scrollIntoViewIfNeeded();
  const lines = chart.locator('.compare-line path.chart-line');
  await expect(lines).toHaveCount(count);
  const plot = await plotArea(chart);
  expect(plot.height, `${what}: the plot has a height`).toBeGreaterThan(80);
  const boxes: Box[] = [];
  for (let i = 0; i < count; i++) {
    const box = (await lines.nth(i).boundingBox())!;
    const where = `${what}, line ${i + 1} at y ${box.y.toFixed(1)}–${(box.y + box.height).toFixed(1)} in the plot's ${plot.y.toFixed(1)}–${(plot.y + plot.height).toFixed(1)}`;
    expect(box.y, where).toBeGreaterThanOrEqual(plot.y - 1);
    expect(box.y + box.height, where).toBeLessThanOrEqual(plot.y + plot.height + 1);
    expect(box.x, where).toBeGreaterThanOrEqual(plot.x - 1);
    expect(box.x + box.width, where).toBeLessThanOrEqual(plot.x + plot.width + 1);
    expect(box.width, `${where}: it spans the batches`).toBeGreaterThan(plot.width / 2);
    boxes.push(box);
  }
  // Fitted, not merely large: the highest curve reaches the upper half of the plot.
  expect(Math.min(...boxes.map((b) => b.y)), `${what}: the axis fits the highest curve`).toBeLessThan(plot.y + plot.height / 2);
  return boxes;
}

/** A chart's accessible description (the text its aria-describedby names). */
const description = (chart: Locator): Promise<string> =>
  chart.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '');

/** "Run 1: 0.41 to 2.3, …; Run 2: …. Y axis from 0 to 20, linear." → each run's range and the axis's. */
function parseDescription(text: string): { runs: Record<string, [number, number]>; axis: [number, number]; scale: string } {
  const axis = /Y axis from ([\d.]+) to ([\d.]+), (linear|log scale)\.$/.exec(text);
  expect(axis, `the description names the y axis: "${text}"`).not.toBeNull();
  const runs: Record<string, [number, number]> = {};
  for (const match of text.matchAll(/(Run \d+): ([\d.]+)%? to ([\d.]+)%?/g)) runs[match[1]!] = [Number(match[2]), Number(match[3])];
  return { runs, axis: [Number(axis![1]), Number(axis![2])], scale: axis![3]! };
}

test('a KD and a DKD run compared: both loss curves inside a fitted plot (linear and log), at 1280×720 and 1440×900', async ({
  studio,
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await studio.open();
  await studio.configure({ ensembleSize: 1, teacherEpochs: 1, teacherHidden: 32, studentEpochs: 2, studentHidden: 16 });
  await studio.trainTeachers();
  await studio.startDistilling();
  await studio.waitForStudent();
  await page.getByRole('combobox', { name: 'Loss', exact: true }).selectOption('dkd');
  await studio.startDistilling();
  await expect(studio.status).toContainText(/Done: run 2, distilled student/, { timeout: JOB_TIMEOUT });

  await studio.showSection('Results');
  await page.getByRole('checkbox', { name: 'Compare run 1' }).check();
  await page.getByRole('checkbox', { name: 'Compare run 2' }).check();
  await studio.showSection('Compare');
  const loss = page.getByRole('img', { name: 'Training loss per batch, compared' });
  const accuracy = page.getByRole('img', { name: 'Validation accuracy per epoch, compared' });
  const table = page.getByRole('table', { name: /^Runs compared/ });

  await test.step('the table: the loss differs, T as used the same, α not used by DKD', async () => {
    await expect(table.getByRole('row', { name: /^Loss kd dkd$/ })).toHaveClass(/comparison__differs/);
    await expect(table.getByRole('row', { name: /^Temperature, as used ([\d.]+) \1$/ })).not.toHaveClass(/comparison__differs/);
    await expect(table.getByRole('row', { name: /^Alpha, as used 0\.9 not used \(DKD\)$/ })).toHaveClass(/comparison__differs/);
  });

  for (const size of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    await test.step(`${size.width}×${size.height}: both runs inside the loss and accuracy plots, linear and log`, async () => {
      await page.setViewportSize(size);
      const logBox = page.getByRole('checkbox', { name: 'Log-scale losses' });
      await logBox.uncheck();
      await expect(loss.locator('.chart-legend__item')).toHaveText(['Run 1', 'Run 2']);

      await expect(loss).toHaveAccessibleDescription(/linear\.$/);
      const linear = parseDescription(await description(loss));
      expect(linear.scale).toBe('linear');
      const [kdMin, kdMax] = linear.runs['Run 1']!;
      const [dkdMin, dkdMax] = linear.runs['Run 2']!;
      expect(dkdMax, 'DKD’s losses are well above 1 (the old fixed axis hid them)').toBeGreaterThan(2);
      for (const [min, max] of [
        [kdMin, kdMax],
        [dkdMin, dkdMax],
      ] as const) {
        expect(min).toBeGreaterThanOrEqual(linear.axis[0]);
        expect(max).toBeLessThanOrEqual(linear.axis[1]);
      }
      const [kdLine, dkdLine] = await expectCurvesInside(loss, `loss, linear, ${size.width}×${size.height}`, 2);
      expect(dkdLine!.y, 'the DKD run (larger losses) is drawn above the KD run').toBeLessThan(kdLine!.y);

      await logBox.check();
      await expect(loss).toHaveAccessibleDescription(/log scale\.$/);
      const [kdLog] = await expectCurvesInside(loss, `loss, log, ${size.width}×${size.height}`, 2);
      expect(kdLog!.height, 'on a log scale the KD run’s curve has room to move').toBeGreaterThan(kdLine!.height);

      await expectCurvesInside(accuracy, `accuracy, ${size.width}×${size.height}`, 2);
      await expect(accuracy).toHaveAccessibleDescription(/^Run 1: .*; Run 2: .*\. Y axis from [\d.]+% to [\d.]+%, linear\.$/);
    });
  }
  expect(consoleErrors).toEqual([]);
});
