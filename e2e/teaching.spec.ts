/**
 * Teaching mode, as a teacher in class would use it: open it, train on the two spirals, see the
 * distilled student's decision regions appear, move Temperature and see the entropy map redraw.
 */
import type { Locator } from '@playwright/test';
import { expect, JOB_TIMEOUT, test } from './fixtures';

/** The text a chart is described by (its aria-describedby element). */
async function description(chart: Locator): Promise<string> {
  return chart.evaluate((el) => {
    const id = el.getAttribute('aria-describedby');
    return (id && document.getElementById(id)?.textContent) || '';
  });
}

const meanBits = (text: string) => Number(/mean ([\d.]+) bits/.exec(text)?.[1] ?? NaN);

test('teaching mode: spirals train in seconds, the student’s regions appear, T redraws the entropy map', async ({
  page,
  studio,
  backend,
  consoleErrors,
}) => {
  test.skip(backend !== 'wasm', 'seconds on WASM; SwiftShader is slow for this many small steps');
  test.setTimeout(180_000);
  await page.goto(`/?mode=teaching&backend=${backend}`);
  await expect(studio.status).toContainText(/Ready: Spirals \(300 training points, 2000 unlabelled\)/, { timeout: 90_000 });
  await expect(page.getByRole('heading', { name: 'Distill Studio: teaching mode' })).toBeVisible();
  const student = page.getByRole('img', { name: 'Distilled student', exact: true });
  const entropy = page.getByRole('img', { name: 'Soft-label entropy', exact: true });
  await expect(student).toHaveAccessibleDescription('Distilled student: not trained yet.');

  await studio.button('Train teachers').click();
  await expect(studio.status).toContainText(/Done: 3 teachers trained/, { timeout: JOB_TIMEOUT });
  await expect(page.getByRole('img', { name: 'Teacher ensemble', exact: true })).toHaveAccessibleDescription(/of the plane is arm 1/);
  await expect(entropy).toHaveAccessibleDescription(/^Entropy at T = 1: mean [\d.]+ bits/);

  await studio.startDistilling();
  await expect(studio.status).toContainText(/Done: run 1, distilled student/, { timeout: JOB_TIMEOUT });
  await expect(student).toHaveAccessibleDescription(/^Distilled student: \d+ % of the plane is arm 1, \d+ % of the plane is arm 2\.$/);
  await expect(page.getByRole('img', { name: 'Baseline student', exact: true })).not.toHaveAccessibleDescription(/not trained yet/);

  const before = meanBits(await description(entropy));
  const temperature = studio.slider('Temperature');
  await temperature.focus();
  await temperature.press('End'); // T = 20
  await expect(entropy).toHaveAccessibleDescription(/^Entropy at T = 20:/);
  // Softer targets everywhere: the mean entropy grows towards 1 bit (two classes).
  expect(meanBits(await description(entropy))).toBeGreaterThan(before);

  // The settings are in the link: the dataset's and the studio's.
  await expect(page).toHaveURL(/[#&]toy=spirals&toy-points=300&toy-noise=0\.1/);
  expect(consoleErrors).toEqual([]);
});

test('the guided lesson steps through to the end, shows what it changed, and leaves the settings as they were', async ({
  page,
  studio,
  backend,
  consoleErrors,
}) => {
  test.skip(backend !== 'wasm', 'the lesson does not depend on the backend');
  test.setTimeout(240_000);
  await page.goto(`/?mode=teaching&backend=${backend}`);
  await expect(studio.status).toContainText(/Ready: Spirals/, { timeout: 90_000 });
  // Settings of one's own before the lesson: the lesson must give them back.
  const temperature = studio.slider('Temperature');
  const alpha = studio.slider('Alpha');
  await temperature.focus();
  for (let i = 0; i < 10; i++) await temperature.press('ArrowRight'); // T = 1 → 6
  await alpha.focus();
  for (let i = 0; i < 4; i++) await alpha.press('ArrowLeft'); // alpha = 0.9 → 0.7
  await expect(temperature).toHaveValue('6');
  await expect(alpha).toHaveValue('0.7');
  await studio.button('Train teachers').click();
  await expect(studio.status).toContainText(/Done: 3 teachers trained/, { timeout: JOB_TIMEOUT });
  await studio.startDistilling();
  await expect(studio.status).toContainText(/Done: run 1, distilled student/, { timeout: JOB_TIMEOUT });

  const lesson = page.getByRole('region', { name: 'Lesson' });
  const next = lesson.getByRole('button', { name: 'Next' });
  await lesson.getByRole('button', { name: 'Start the lesson' }).click();
  await expect(lesson.getByRole('heading', { name: 'Step 1 of 6: Hard labels and soft labels' })).toBeVisible();
  await expect(temperature).toHaveValue('1');
  await expect(lesson).toContainText(
    /(unsure \(top probability under 90 %\) over|sure \(top probability 90 % or more\) over all but) \d+\.\d %/,
  );
  await expect(lesson).toContainText('Set by the lesson: Temperature 1 (was 6), Alpha 0.9 (was 0.7)');
  await next.click();
  await expect(lesson).toContainText(/Mean entropy of the soft labels: [\d.]+ bits at T = 1, [\d.]+ at T = 4/);
  await next.click();
  // The T² step: a table computed from the grid, in plain decimals, and a sentence that follows it.
  const table = lesson.getByRole('table', { name: 'Mean size of the soft term’s gradient over the plane' });
  await expect(table.getByRole('row')).toHaveCount(9);
  await expect(table).not.toContainText(/\de[+-]?\d/);
  await expect(lesson).toContainText(/The teachers’ logits spread over about [\d.,]+/);
  await expect(lesson).toContainText(/(each doubling divides the gradient by about 4|the 1\/T² law does not hold here)/);
  await next.click();
  await expect(alpha).toHaveValue('0.5');
  await next.click();
  await expect(lesson).toContainText(/Last run: distilled \d+\.\d %, baseline \d+\.\d % on the test points \([+−]\d+\.\d points\)/);
  await expect(lesson).toContainText('2000 unlabelled points');
  await next.click();
  await expect(lesson.getByRole('heading', { name: 'Step 6 of 6: A miscalibrated teacher' })).toBeVisible();
  await expect(lesson).toContainText(/as trained: \d+\.\d %/);
  await expect(lesson).toContainText('Teacher confidence 3 (was 1)');
  await lesson.getByRole('button', { name: 'Finish the lesson' }).click();

  // Everything the lesson set is back as it was.
  await expect(lesson.getByRole('button', { name: 'Start the lesson' })).toBeVisible();
  await expect(temperature).toHaveValue('6');
  await expect(alpha).toHaveValue('0.7');
  await expect(lesson.getByRole('note')).toHaveCount(0); // no hidden teacher confidence left behind
  await expect(page).toHaveURL(/[#&]teacher-confidence=1(&|$)/);

  // Leaving half-way puts them back too.
  await lesson.getByRole('button', { name: 'Start the lesson' }).click();
  await next.click();
  await expect(temperature).toHaveValue('4');
  await lesson.getByRole('button', { name: 'Leave the lesson' }).click();
  await expect(temperature).toHaveValue('6');
  await expect(alpha).toHaveValue('0.7');
  expect(consoleErrors).toEqual([]);
});
