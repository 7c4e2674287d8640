/**
 * A sweep as a researcher runs one: two temperatures from the same teachers, the chart and the
 * table filling in, a sort by a column, the CSV export holding the figures the table shows, and the
 * whole sweep (table, chart, lists) back after a reload.
 */
import { readFile } from 'node:fs/promises';
import { expect, JOB_TIMEOUT, parsePercent, test } from './fixtures';

test('a small sweep runs student after student, ranks them on validation and exports its CSV', async ({ studio, page, consoleErrors }) => {
  await studio.open();
  await studio.configure();
  await studio.trainTeachers();

  await studio.showSection('Sweep');
  const sweep = page.getByRole('region', { name: 'Sweep' });
  await studio.fill('Temperatures', '2, 4');
  await studio.fill('Alphas', '0.9');
  await studio.fill('Student sizes', '16');
  await studio.fill('Losses', 'kd');
  await studio.fill('Seeds', '0');
  await expect(sweep.getByText(/^2 students/)).toBeVisible();

  // A list that cannot be read blocks the sweep and says why.
  await studio.fill('Losses', 'kd, nonsense');
  await expect(sweep.getByText(/^Loss must be one of .*\("nonsense"\)$/).first()).toBeVisible();
  await expect(studio.button('Run sweep')).toBeDisabled();
  await studio.fill('Losses', 'kd');

  await expect(studio.button('Export CSV')).toBeDisabled();
  await studio.button('Run sweep').click();
  await expect(studio.status).toContainText(/Sweep: student [12] of 2 \(T = [24], seed 0\)/, { timeout: JOB_TIMEOUT });
  await expect(studio.status).toContainText(/^Sweep done: 2 students; best on validation: T = [24]: val \d+\.\d\d %/, {
    timeout: JOB_TIMEOUT,
  });

  // The chart: one dot per temperature, the chosen one ringed, its test accuracy said.
  const chart = page.getByRole('img', { name: 'Sweep: validation accuracy', exact: true });
  await expect(chart.locator('.sweep-point')).toHaveCount(2);
  await expect(chart.locator('.sweep-point--selected')).toHaveCount(1);
  await expect(chart).toContainText(/Chosen on validation: T = [24] — val \d+\.\d\d %; test \d+\.\d\d %/);

  // Every student, sorted by validation accuracy, highest first.
  await sweep.getByRole('button', { name: 'Every student', exact: true }).click();
  const table = sweep.getByRole('table', { name: 'Every student of the sweep', exact: true });
  await expect(table.getByRole('row')).toHaveCount(3);
  const valHeader = table.getByRole('columnheader', { name: /^Val acc/ });
  await valHeader.getByRole('button').click();
  await valHeader.getByRole('button').click();
  await expect(valHeader).toHaveAttribute('aria-sort', 'descending');
  const firstRow = table.getByRole('row').nth(1);
  const cells = await firstRow.getByRole('cell').allTextContents();
  const headers = await table.getByRole('columnheader').allTextContents();
  const cell = (name: string) => cells[headers.findIndex((h) => h.startsWith(name))]!;
  const shownVal = parsePercent(cell('Val acc'));
  const secondVal = parsePercent(
    (await table.getByRole('row').nth(2).getByRole('cell').allTextContents())[headers.findIndex((h) => h.startsWith('Val acc'))]!,
  );
  expect(shownVal).toBeGreaterThanOrEqual(secondVal);

  const [file] = await Promise.all([page.waitForEvent('download'), studio.button('Export CSV').click()]);
  expect(file.suggestedFilename()).toMatch(/^distill-sweep-.*\.csv$/);
  const [header, ...rows] = (await readFile(await file.path(), 'utf8')).trim().split('\n');
  const columns = header!.split(',');
  expect(rows).toHaveLength(2);
  const parsed = rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [columns[i], v])));
  expect(parsed.map((r) => [r.temperature, r.alpha, r.studentHidden, r.seed, r.status])).toEqual([
    ['2', '0.9', '16', '0', 'done'],
    ['4', '0.9', '16', '0', 'done'],
  ]);
  // The top row of the table is in the file with the same validation accuracy.
  const top = parsed.find((r) => r.point === cell('#'))!;
  expect(Number(top.studentValAccuracy) * 100).toBeCloseTo(shownVal, 2);
  expect(Number(top.studentTestAccuracy)).toBeGreaterThan(0.5);

  // A student's settings go back into the form, to train it alone.
  await firstRow.getByRole('button', { name: /^Use settings of student \d$/ }).click();
  await expect(studio.status).toContainText(/^Settings of sweep student \d \(T = [24], seed 0\) are in the form/);
  await expect(studio.slider('Temperature')).toHaveValue(cell('Final T').startsWith('2') ? '2' : '4');

  await test.step('a reload brings the sweep back: its table, chart and lists', async () => {
    const chosen = await chart.locator('.sweep-selected').textContent();
    const rows = (await table.getByRole('row').allTextContents()).slice(1); // the students (the header shows the sort)
    // The page is idle and the sweep saved: the reload does not ask.
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    await expect(studio.status).toContainText(/restored from your last visit: the teachers and a sweep \(2 students\)\./, {
      timeout: JOB_TIMEOUT,
    });
    expect(dialogs).toEqual([]);
    await expect(sweep.getByText(/^Done: 2 of 2 students finished\. From your last visit\. Saved in this browser/)).toBeVisible();
    await expect(studio.field('Temperatures')).toHaveValue('2, 4');
    await expect(studio.field('Alphas')).toHaveValue('0.9');
    await expect(studio.field('Student sizes')).toHaveValue('16');
    await expect(studio.field('Losses')).toHaveValue('kd');
    await expect(studio.field('Seeds')).toHaveValue('0');
    await expect(chart.locator('.sweep-point')).toHaveCount(2);
    await expect(chart.locator('.sweep-point--selected')).toHaveCount(1);
    await expect(chart.locator('.sweep-selected')).toHaveText(chosen!);
    await sweep.getByRole('button', { name: 'Every student', exact: true }).click();
    await expect(table.getByRole('row')).toHaveCount(3);
    expect((await table.getByRole('row').allTextContents()).slice(1).sort()).toEqual([...rows].sort());
    await expect(studio.button('Export CSV')).toBeEnabled();
  });
  expect(consoleErrors).toEqual([]);
});
