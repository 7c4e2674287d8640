/**
 * Comparing methods as a reviewer would: a sweep over two losses and three seeds from the same
 * teachers, ranked on validation, each compared with vanilla KD paired over seeds. The interval the
 * table shows is checked against the per-student test accuracies the same page lists.
 */
import { expect, JOB_TIMEOUT, parsePercent, test } from './fixtures';

/** Student's t quantile t(0.975, 2), for three seeds. */
const T_975_2 = 4.302652729911275;

test('a sweep over two losses × three seeds shows the paired difference against KD with its 95 % interval', async ({
  studio,
  page,
  consoleErrors,
}) => {
  test.skip(studio.backend === 'webgpu', 'Six students on SwiftShader take minutes; the statistics do not depend on the backend.');
  await studio.open();
  await studio.configure({ studentEpochs: 2 });
  await studio.trainTeachers();

  await studio.showSection('Sweep');
  const sweep = page.getByRole('region', { name: 'Sweep' });
  await studio.fill('Temperatures', '4');
  await studio.fill('Alphas', '0.9');
  await studio.fill('Student sizes', '16');
  await studio.fill('Losses', 'kd, nkd');
  await studio.fill('Seeds', '0, 1, 2');
  await expect(sweep.getByText(/^6 students/)).toBeVisible();
  await studio.button('Run sweep').click();
  await expect(studio.status).toContainText(/^Sweep done: 6 students/, { timeout: 3 * JOB_TIMEOUT });

  // The ranked table compares with vanilla KD (the loss varies and KD is in it).
  const ranked = sweep.getByRole('table', { name: /^Settings ranked by mean validation accuracy/ });
  await expect(sweep.getByLabel('Compare with')).toHaveValue(JSON.stringify({ loss: 'kd' }));
  const headers = await ranked.getByRole('columnheader').allTextContents();
  const column = (name: string) => headers.findIndex((h) => h.startsWith(name));
  expect(column('Test vs loss = kd (points, 95 % CI)')).toBeGreaterThan(0);
  const rows = await Promise.all((await ranked.getByRole('row').all()).slice(1).map((r) => r.getByRole('cell').allTextContents()));
  const nkd = rows.find((cells) => cells[column('Loss')] === 'nkd')!;
  const kd = rows.find((cells) => cells[column('Loss')] === 'kd')!;
  expect(kd[column('Test vs')]).toBe('reference');
  const match = /^([+−]?\d+\.\d\d) \[([+−]?\d+\.\d\d), ([+−]?\d+\.\d\d)\]$/.exec(nkd[column('Test vs')]!);
  expect(match, `interval cell "${nkd[column('Test vs')]}"`).not.toBeNull();
  const [mean, low, high] = match!.slice(1).map((x) => Number(x.replace('−', '-')));
  expect(nkd[column('Verdict')]).toBe(low! > 0 ? 'better' : high! < 0 ? 'worse' : 'cannot tell');

  // The same figures from the students' own rows: NKD − KD per seed, mean ± t·sd/√3.
  await sweep.getByRole('button', { name: 'Every student', exact: true }).click();
  const students = sweep.getByRole('table', { name: 'Every student of the sweep', exact: true });
  const studentHeaders = await students.getByRole('columnheader').allTextContents();
  const at = (name: string) => studentHeaders.findIndex((h) => h.startsWith(name));
  const perStudent = await Promise.all((await students.getByRole('row').all()).slice(1).map((r) => r.getByRole('cell').allTextContents()));
  const testOf = (loss: string, seed: number) =>
    parsePercent(perStudent.find((cells) => cells[at('Loss')] === loss && cells[at('Seed')] === String(seed))![at('Test acc')]!);
  const differences = [0, 1, 2].map((seed) => testOf('nkd', seed) - testOf('kd', seed));
  const expectedMean = differences.reduce((a, b) => a + b, 0) / 3;
  const sd = Math.sqrt(differences.reduce((a, d) => a + (d - expectedMean) ** 2, 0) / 2);
  // Cells are rounded to 0.01 points; the test accuracies too (on 2,000 images, steps of 0.05).
  expect(mean!).toBeCloseTo(expectedMean, 1);
  expect(high! - low!).toBeCloseTo((2 * T_975_2 * sd) / Math.sqrt(3), 1);

  // Against the baseline instead: KD's row gets an interval of its own.
  await sweep.getByRole('button', { name: 'Ranked over seeds', exact: true }).click();
  await sweep.getByLabel('Compare with').selectOption('baseline');
  await expect(ranked.getByRole('columnheader', { name: /^Test vs baseline \(points, 95 % CI\)/ })).toBeVisible();
  await expect(
    ranked
      .getByRole('row')
      .filter({ hasText: /^\s*\d+\s*kd/ })
      .getByRole('cell')
      .nth(column('Test vs')),
  ).toHaveText(/^[+−]?\d+\.\d\d \[[+−]?\d+\.\d\d, [+−]?\d+\.\d\d\]$/);
  expect(consoleErrors).toEqual([]);
});
