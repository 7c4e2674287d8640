/**
 * Calibration, dark knowledge and the ensemble, as a person explores them: member weights,
 * temperature scaling, the class-similarity map, distilling from the calibrated teachers (the
 * ensemble's ECE changes), confusion matrices, the student's soft labels,
 * and Hinton's omitted digit with its bias slider.
 */
import { readFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { expect, JOB_TIMEOUT, test } from './fixtures';

/** The text a chart is described by (its aria-describedby element). */
async function description(chart: Locator): Promise<string> {
  return chart.evaluate((el) => {
    const id = el.getAttribute('aria-describedby');
    return (id && document.getElementById(id)?.textContent) || '';
  });
}

/** "12.34 %" → 12.34 */
const percentOf = (text: string | null) => Number(/([\d.]+) %/.exec(text ?? '')?.[1] ?? NaN);

test('weights, calibration, class similarity, confusion and the omitted digit', async ({ studio, page, backend, consoleErrors }) => {
  test.skip(backend !== 'wasm', 'three distillations: quick on WASM, slow on SwiftShader (the flow spec covers WebGPU)');
  test.setTimeout(300_000);
  await studio.open();
  await studio.configure({ ensembleSize: 2 });
  await studio.trainTeachers();
  await studio.showSection('Ensemble');
  const teachers = page.getByRole('table', { name: /^Weights and temperature scaling: as trained → calibrated/ });
  /** A row's cells after the name: weight, fitted T, then "before → after" of test accuracy, ECE and NLL. */
  const cells = async (name: string) =>
    (
      await teachers
        .getByRole('row', { name: new RegExp(`^${name} `) })
        .getByRole('cell')
        .allTextContents()
    ).map((c) => c.split(' → '));

  await test.step('a weight of 0 leaves a teacher out of the ensemble; Equal weights puts it back', async () => {
    const first = (await cells('Teacher 1'))[2]![0];
    const weight = teachers.getByRole('spinbutton', { name: 'Weight of teacher 2' });
    await weight.fill('0');
    await weight.press('Enter');
    await expect(studio.status).toContainText('Teacher weights set to 1, 0');
    await expect.poll(async () => (await cells('Ensemble'))[2]![0]).toBe(first);
    await weight.fill('-1');
    await weight.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'A weight is a number of at least 0.' })).toBeVisible();
    await page.getByRole('button', { name: 'Equal weights' }).click();
    await expect(studio.status).toContainText('Teacher weights set to 1, 1');
  });

  await test.step('temperature scaling: each teacher keeps its accuracy and changes its ECE; the teachers’ reliability diagram', async () => {
    for (const teacher of ['Teacher 1', 'Teacher 2']) {
      const [, , accuracy, ece] = await cells(teacher);
      expect(accuracy![0]).toBe(accuracy![1]);
      expect(ece![0]).not.toBe(ece![1]);
    }
    const [, , accuracy, ece] = await cells('Ensemble');
    expect(Math.abs(percentOf(accuracy![0]!) - percentOf(accuracy![1]!))).toBeLessThan(1);
    expect(ece![0]).not.toBe(ece![1]);
    const diagram = page.getByRole('img', { name: 'Teacher reliability diagram', exact: true });
    await expect(diagram).toHaveAccessibleDescription(/^Ensemble: ECE [\d.]+ %, MCE [\d.]+ %; Ensemble, calibrated: ECE/);
    await page.getByRole('checkbox', { name: 'Teacher 1', exact: true }).check();
    await expect(diagram.locator('.reliability-line')).toHaveCount(3);
  });

  await test.step('the class-similarity map follows the Temperature slider; a cell lists its digits', async () => {
    await studio.showSection('Dark knowledge');
    const map = page.getByRole('table', { name: 'Class similarity', exact: true });
    await expect(map).toBeVisible();
    expect(await description(map)).toMatch(/^At T = 4: 0 looks most like \d \([\d.]+ %\)/);
    const cell = map.getByRole('button', { name: /^True 4, soft label 9: / });
    const before = await cell.textContent();
    const temperature = studio.slider('Temperature');
    await temperature.focus();
    await temperature.press('End');
    await expect.poll(() => description(map)).toMatch(/^At T = 20:/);
    expect(await cell.textContent()).not.toBe(before);
    await cell.click();
    // The map saves as a picture too.
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save Class similarity as SVG' }).click(),
    ]);
    expect(svg.suggestedFilename()).toBe('class-similarity.svg');
    const text = readFileSync((await svg.path())!, 'utf8');
    expect(text).toContain('<svg');
    expect(text.match(/<rect/g)?.length ?? 0).toBeGreaterThan(100); // 10 × 10 cells and the background
    const digits = page.getByRole('list', { name: 'Training digits of class 4 most like 9' });
    await expect(digits.getByRole('img')).toHaveCount(12);
    await temperature.press('Home');
    for (let i = 0; i < 6; i++) await temperature.press('ArrowRight'); // back to T = 4
  });

  await test.step('distil from the teachers as trained, then from the calibrated ones: the ensemble ECE changes', async () => {
    await studio.startDistilling();
    await studio.waitForStudent();
    await page.getByRole('checkbox', { name: 'Calibrate teachers' }).check();
    await studio.startDistilling();
    await expect(studio.status).toContainText(/Done: run 2, distilled student/, { timeout: JOB_TIMEOUT });
    await studio.showSection('Results');
    // Each run's row opens on how it saw its teachers and the ensemble's figures.
    expect(await studio.runFact(1, 'Soft targets from')).toBe('as trained');
    expect(await studio.runFact(2, 'Soft targets from')).toBe('calibrated');
    // The members' top classes are kept; the ensemble's mean of differently rescaled members may move a few digits.
    expect(
      Math.abs(percentOf(await studio.runFact(2, 'Ensemble test')) - percentOf(await studio.runFact(1, 'Ensemble test'))),
    ).toBeLessThan(1);
    expect(await studio.runFact(2, 'Ensemble ECE')).not.toBe(await studio.runFact(1, 'Ensemble ECE'));
  });

  await test.step('confusion matrices: clicking a cell shows its digits', async () => {
    const matrix = page.getByRole('table', { name: 'Confusion matrix, distilled student', exact: true });
    await expect(matrix).toBeVisible();
    const diagonal = matrix.getByRole('button', { name: /^Distilled student: \d+ test digits? of class 1 predicted as 1$/ });
    const count = Number(/: (\d+) test/.exec((await diagonal.getAttribute('aria-label')) ?? '')?.[1]);
    expect(count).toBeGreaterThan(0);
    await diagonal.click();
    await expect(page.getByRole('list', { name: 'Test digits of class 1 predicted as 1' }).getByRole('img')).toHaveCount(
      Math.min(24, count),
    );
  });

  await test.step('the soft-label chart shows the student beside the ensemble', async () => {
    await studio.showSection('Live charts');
    await page.getByRole('checkbox', { name: 'Show student (run 2)' }).check();
    await expect(studio.chart('Soft labels')).toHaveAccessibleDescription(/The distilled student gives \d [\d.]+ % at T = 4\.$/);
  });

  await test.step('omit a digit: the students never see it; the bias slider recovers it live', async () => {
    await page.getByRole('checkbox', { name: 'Calibrate teachers' }).uncheck();
    await studio.field('Omit digit from transfer set').selectOption('3');
    await studio.startDistilling();
    await expect(studio.status).toContainText(/Done: run 3, distilled student/, { timeout: JOB_TIMEOUT });
    await studio.showSection('Results');
    const figures = page.getByRole('table', { name: 'Omitted digit 3' });
    const onThrees = async (model: string) =>
      Number(
        /^(\d+) of/.exec(
          (await figures
            .getByRole('row', { name: new RegExp(`^${model}`) })
            .getByRole('cell')
            .nth(1)
            .textContent()) ?? '',
        )?.[1],
      );
    const total = Number(
      /of (\d+)/.exec(
        (await figures
          .getByRole('row', { name: /^Baseline/ })
          .getByRole('cell')
          .nth(1)
          .textContent()) ?? '',
      )?.[1],
    );
    // Never a target: at bias 0 neither student calls anything a 3.
    expect(await onThrees('Baseline student')).toBe(total);
    const slider = page.getByRole('slider', { name: 'Bias shift for class 3' });
    await slider.fill('15');
    await expect.poll(() => onThrees('Distilled student')).toBeLessThan(total);
    await page.getByRole('button', { name: /^Use the validation bias/ }).click();
    await expect(slider).not.toHaveValue('15');
  });

  expect(consoleErrors).toEqual([]);
});
