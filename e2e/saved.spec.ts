/**
 * Work that lasts: a reload restores the teachers and the runs (names included) from the browser's
 * IndexedDB without training again, and the charts draw a restored run's curves when it is shown;
 * two runs compare side by side with the setting that differs highlighted; deleting a run and
 * clearing saved data stick across reloads.
 */
import { expect, test } from './fixtures';

test('a reload restores teachers and runs; runs compare, rename, delete; Clear saved data empties it', async ({
  studio,
  page,
  backend,
  consoleErrors,
}) => {
  test.skip(backend !== 'wasm', 'storage, not the backend, is under test');
  test.setTimeout(240_000);
  await studio.open();
  await studio.configure({});
  await studio.trainTeachers();
  await studio.startDistilling();
  await studio.waitForStudent();
  const runs = page.getByRole('table', { name: 'Runs' });

  await test.step('rename run 1, distil run 2 at another T', async () => {
    await page.getByRole('button', { name: 'Rename run 1' }).click();
    await page.getByLabel('Name of run 1').fill('first try');
    await page.getByLabel('Name of run 1').press('Enter');
    await expect(runs.getByRole('rowheader', { name: /^first try/ })).toBeVisible();
    const temperature = studio.slider('Temperature');
    await temperature.focus();
    for (let i = 0; i < 4; i++) await temperature.press('ArrowRight'); // T = 6
    await studio.startDistilling();
    await expect(studio.status).toContainText(/Done: run 2, distilled student/, { timeout: 120_000 });
    await studio.showSection('Results');
    await expect(page.getByText(/^Teachers, runs and sweeps are saved in this browser/)).toBeVisible();
  });

  await test.step('compare the two: curves overlaid, the differing setting highlighted', async () => {
    await page.getByRole('checkbox', { name: 'Compare run 1' }).check();
    await page.getByRole('checkbox', { name: 'Compare run 2' }).check();
    await page.getByRole('button', { name: 'Compare them' }).click();
    await expect(studio.tab('Compare')).toHaveAttribute('aria-selected', 'true');
    const table = page.getByRole('table', { name: /^Runs compared/ });
    await expect(table.getByRole('row', { name: /^Temperature, as used 4 6$/ })).toHaveClass(/comparison__differs/);
    await expect(page.getByRole('img', { name: 'Validation accuracy per epoch, compared' }).locator('.compare-line')).toHaveCount(2);
    await expect(page.getByRole('img', { name: 'Training loss per batch, compared' })).toHaveAccessibleDescription(
      /^first try: .*; Run 2: .*\. Y axis from 0 to [\d.]+, linear\.$/,
    );
  });

  await test.step('a reload restores both runs and the teachers without training', async () => {
    await page.reload();
    await expect(studio.status).toContainText(/restored from your last visit: the teachers and 2 runs\./, { timeout: 120_000 });
    // The page opens on the section it showed.
    await expect(studio.tab('Compare')).toHaveAttribute('aria-selected', 'true');
    await studio.showSection('Results');
    await expect(runs.getByRole('rowheader', { name: /^first try/ })).toBeVisible();
    await expect(page.getByText(/^1 × MLP 32, 1 epoch, arithmetic mean: ensemble \d+\.\d\d % test/)).toBeVisible();
  });

  await test.step('the charts draw the newest run, and a shown run’s curves, from their records', async () => {
    await studio.showSection('Live charts');
    const loss = studio.chart('Loss');
    const accuracy = studio.chart('Accuracy');
    await expect(loss).toHaveAccessibleDescription(/^Run 2: Step \d+: total loss .*T = 6/);
    await expect(accuracy).toHaveAccessibleDescription(/^Run 2: Epoch 3: distilled student \d+\.\d\d % validation/);
    await studio.showSection('Results');
    await page.getByRole('button', { name: 'Show run 1', exact: true }).click();
    // Run 1 in detail offers its curves, drawn in Live charts.
    await studio.button('Curves of run 1 in Live charts').click();
    await expect(studio.tab('Live charts')).toHaveAttribute('aria-selected', 'true');
    await expect(loss).toHaveAccessibleDescription(/^first try: Step \d+: total loss .*T = 4/);
    await expect(accuracy).toHaveAccessibleDescription(/^first try: Epoch 3: distilled student/);
    await expect(page.getByText('Curves of first try · student batches →')).toBeVisible();
    // Drawn: every loss term as a line with points, both students' accuracies with a dot per epoch.
    expect((await studio.lossLine('total')).length).toBeGreaterThan(3);
    await expect(accuracy.locator('.accuracy-line--student circle')).toHaveCount(3);
    await expect(accuracy.locator('.accuracy-line--baseline circle')).toHaveCount(3);
  });

  await test.step('the restored teachers are usable: a third run distils from them', async () => {
    await studio.startDistilling();
    await expect(studio.status).toContainText(/Done: run 3, distilled student/, { timeout: 120_000 });
    await studio.showSection('Results');
  });

  await test.step('deleting a run sticks; Clear saved data leaves the page but not the browser', async () => {
    await page.getByRole('button', { name: 'Delete run 2' }).click();
    await page.getByRole('button', { name: 'Delete it' }).click();
    await expect(runs.getByRole('rowheader', { name: /^Run 2/ })).toHaveCount(0);
    await page.reload();
    await expect(studio.status).toContainText(/restored from your last visit: the teachers and 2 runs\./, { timeout: 120_000 });
    await page.getByRole('button', { name: 'Clear saved data' }).click();
    await page.getByRole('button', { name: 'Delete saved data' }).click();
    await expect(studio.status).toContainText('Saved data cleared');
    await expect(runs.getByRole('row')).toHaveCount(3); // the header and the two runs still on the page
    await page.reload();
    await expect(studio.status).toContainText(/^Ready: 10,000 digits/, { timeout: 120_000 });
    await expect(page.getByRole('table', { name: 'Runs' })).toHaveCount(0);
  });

  expect(consoleErrors).toEqual([]);
});
