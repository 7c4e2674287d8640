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
  await expect(studio.status).toContainText(/Ready: Spirals \(600 points\), 600 samples/, { timeout: 90_000 });
  await expect(page.getByRole('heading', { name: 'Distill Studio: teaching mode' })).toBeVisible();
  const student = page.getByRole('img', { name: 'Distilled student', exact: true });
  const entropy = page.getByRole('img', { name: 'Soft-label entropy', exact: true });
  await expect(student).toHaveAccessibleDescription('Distilled student: not trained yet.');

  await studio.button('Train teachers').click();
  await expect(studio.status).toContainText(/Done: 3 teachers trained/, { timeout: JOB_TIMEOUT });
  await expect(page.getByRole('img', { name: 'Teacher ensemble', exact: true })).toHaveAccessibleDescription(/of the plane is arm 1/);
  await expect(entropy).toHaveAccessibleDescription(/^Entropy at T = 4: mean [\d.]+ bits/);

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
  await expect(page).toHaveURL(/[#&]toy=spirals&toy-points=600&toy-noise=0\.1/);
  expect(consoleErrors).toEqual([]);
});

test('the guided lesson steps through to the end, each step setting the studio up and showing computed figures', async ({
  page,
  studio,
  backend,
  consoleErrors,
}) => {
  test.skip(backend !== 'wasm', 'the lesson does not depend on the backend');
  test.setTimeout(180_000);
  await page.goto(`/?mode=teaching&backend=${backend}`);
  await expect(studio.status).toContainText(/Ready: Spirals/, { timeout: 90_000 });
  await studio.button('Train teachers').click();
  await expect(studio.status).toContainText(/Done: 3 teachers trained/, { timeout: JOB_TIMEOUT });
  await studio.startDistilling();
  await expect(studio.status).toContainText(/Done: run 1, distilled student/, { timeout: JOB_TIMEOUT });

  const lesson = page.getByRole('region', { name: 'Lesson' });
  await lesson.getByRole('button', { name: 'Start the lesson' }).click();
  await expect(lesson.getByRole('heading', { name: 'Step 1 of 6: Hard labels and soft labels' })).toBeVisible();
  await expect(studio.slider('Temperature')).toHaveValue('1');
  await expect(lesson).toContainText(/unsure \(top probability under 90 %\) over \d+\.\d % of the plane/);
  await lesson.getByRole('button', { name: 'Next' }).click();
  await expect(lesson).toContainText(/Mean entropy of the soft labels: [\d.]+ bits at T = 1, [\d.]+ at T = 4/);
  await lesson.getByRole('button', { name: 'Next' }).click();
  // The T² step: a table of gradient norms computed from the grid.
  await expect(lesson.getByRole('table', { name: 'Mean gradient norm of the soft term over the plane' }).getByRole('row')).toHaveCount(6);
  await lesson.getByRole('button', { name: 'Next' }).click();
  await expect(studio.slider('Alpha')).toHaveValue('0.5');
  await lesson.getByRole('button', { name: 'Next' }).click();
  await expect(lesson).toContainText(/Last run: distilled \d+\.\d %, baseline \d+\.\d %/);
  await lesson.getByRole('button', { name: 'Next' }).click();
  await expect(lesson.getByRole('heading', { name: 'Step 6 of 6: A miscalibrated teacher' })).toBeVisible();
  await expect(lesson).toContainText(/as trained: \d+\.\d %/);
  await lesson.getByRole('button', { name: 'Finish the lesson' }).click();
  await expect(lesson.getByRole('button', { name: 'Start the lesson' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
