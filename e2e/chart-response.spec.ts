/**
 * Moving Temperature during a distillation visibly changes what the loss chart draws: the soft
 * term α·T²·KL is drawn as it enters the total, so T = 4 → 1 moves its line (not only a mark).
 */
import { expect, JOB_TIMEOUT, test, type Studio } from './fixtures';

/** Mean drawn height (SVG y, down is larger) of the soft-term line left and right of x. */
async function softTermAround(studio: Studio, x: number): Promise<{ before: number; after: number; left: number; right: number }> {
  const points = await studio.lossLine('softTerm');
  const left = points.filter((p) => p.x < x);
  const right = points.filter((p) => p.x > x);
  const mean = (ps: { y: number }[]) => ps.reduce((sum, p) => sum + p.y, 0) / Math.max(1, ps.length);
  return { before: mean(left.slice(-5)), after: mean(right.slice(0, 5)), left: left.length, right: right.length };
}

test('moving T during distillation changes the drawn soft term, and the strip draws T per batch', async ({
  studio,
  page,
  consoleErrors,
}) => {
  await studio.open();
  await studio.configure({ ensembleSize: 1, teacherEpochs: 1, teacherHidden: 64, studentEpochs: 8, studentHidden: 16 });
  await studio.trainTeachers();
  await studio.startDistilling();
  const loss = studio.chart('Loss');
  // Let the loss settle a little at T = 4 …
  await expect.poll(async () => (await studio.lossLine('softTerm')).length, { timeout: JOB_TIMEOUT }).toBeGreaterThan(12);
  const temperature = studio.slider('Temperature');
  await temperature.focus();
  await temperature.press('Home'); // … then T = 1, the slider's minimum
  await expect(temperature).toHaveValue('1');
  await expect(loss).toHaveAccessibleDescription(/Hyperparameter changes: T=1 at step (\d+)/, { timeout: JOB_TIMEOUT });
  await studio.waitForStudent();
  await studio.showSection('Live charts');

  // Where the mark is drawn, and the soft term's height on either side of it.
  const mark = loss.locator('.chart-mark__line').first();
  const markX = Number(await mark.getAttribute('x1'));
  const around = await softTermAround(studio, markX);
  test.info().annotations.push({ type: 'soft term (SVG y, larger = lower)', description: JSON.stringify(around) });
  expect(around.left, 'readings before the change').toBeGreaterThan(3);
  expect(around.right, 'readings after the change').toBeGreaterThan(3);
  // At T = 1 the soft term is several times smaller than at T = 4: its line drops towards the axis.
  const axisY = Number(await loss.locator('.chart-axis--x line.chart-axis__line').getAttribute('y1'));
  const heightBefore = axisY - around.before;
  const heightAfter = axisY - around.after;
  expect(
    heightAfter,
    `drawn height of α·T²·KL after T=1 (${heightAfter.toFixed(1)} px) vs before (${heightBefore.toFixed(1)} px)`,
  ).toBeLessThan(heightBefore * 0.6);

  const strip = studio.chart('Temperature and alpha per batch');
  await expect(strip).toHaveAccessibleDescription(/from batch 1: T = 4, α = 0\.9; from batch \d+: T = 1, α = 0\.9\./);
  await expect(strip.locator('.strip-line--temperature path.chart-line')).toHaveCount(1);
  // The Runs table quotes T and α as the run used them.
  await studio.showSection('Results');
  const row = page.getByRole('table', { name: 'Runs' }).getByRole('row', { name: /^Run 1\b/ });
  await expect(row.getByRole('cell', { name: '4 → 1', exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: '0.9', exact: true })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
