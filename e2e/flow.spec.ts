/**
 * The whole studio on a small configuration, as a person uses it: train teachers, look at the
 * soft labels while moving Temperature, distill while moving Temperature and Alpha, read the results.
 */
import type { Locator } from '@playwright/test';
import { entropyAtT, expect, JOB_TIMEOUT, test, type Studio } from './fixtures';

/** The soft-label bars' geometry (x, y, width, height of each rect): it changes when any bar's height does. */
async function softLabelBars(studio: Studio): Promise<string[]> {
  return studio
    .chart('Soft labels')
    .locator('rect.chart-bar')
    .evaluateAll((bars) => bars.map((b) => ['x', 'y', 'width', 'height'].map((a) => b.getAttribute(a) ?? '').join(' ')));
}

/** The text a chart is described by (its aria-describedby element). */
async function description(chart: Locator): Promise<string> {
  return chart.evaluate((el) => {
    const id = el.getAttribute('aria-describedby');
    return (id && document.getElementById(id)?.textContent) || '';
  });
}

/** The last loss reading's step, from the Loss chart's description ("Step 42: total loss …"). */
async function lastLossStep(studio: Studio): Promise<number> {
  const match = /^Step (\d+):/.exec(await description(studio.chart('Loss')));
  return match ? Number(match[1]) : -1;
}

test('trains teachers, shows soft labels, distills with live T and alpha, and reports results', async ({
  studio,
  page,
  consoleErrors,
  backend,
}) => {
  await test.step('open on the forced backend', async () => {
    await studio.open();
    await expect(page.getByRole('combobox', { name: 'Backend' })).toHaveValue(backend);
  });

  await test.step('train a small teacher ensemble', async () => {
    await studio.configure({ ensembleSize: 2 });
    await expect(studio.chart('Soft labels')).toHaveCount(0);
    // Each member's loss and validation accuracy are shown while it trains, not just a progress bar. The
    // window between member 1's first epoch and the end of this small job can be shorter than a poll,
    // so the page itself notes the moment the live table shows that row.
    await page.evaluate(() => {
      const seen = window as unknown as { sawLiveRow?: boolean; sawChart?: boolean };
      const check = () => {
        if (document.querySelector('[role="img"][aria-label="Teacher loss"]')?.checkVisibility()) seen.sawChart = true;
        const live = [...document.querySelectorAll('table')].find(
          (t) => t.caption?.textContent === 'Teachers, live' && t.checkVisibility(),
        );
        const rows = live ? [...live.tBodies[0]!.rows].map((r) => [...r.cells].map((c) => (c.textContent ?? '').trim())) : [];
        if (rows.some(([m, e, loss, acc]) => m === '1' && e === '1' && /^[\d.]+$/.test(loss ?? '') && /^\d+\.\d\d %$/.test(acc ?? '')))
          seen.sawLiveRow = true;
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await studio.button('Train teachers').click();
    await expect(studio.status).toContainText(/Done: \d+ teachers? trained/, { timeout: JOB_TIMEOUT });
    const seen = await page.evaluate(() => {
      const w = window as unknown as { sawLiveRow?: boolean; sawChart?: boolean };
      return { chart: w.sawChart === true, row: w.sawLiveRow === true };
    });
    expect(seen).toEqual({ chart: true, row: true });
    // Trained, the settings fold into one line; the members' figures are one click away.
    await expect(studio.field('Ensemble size')).toBeHidden();
    await expect(page.getByText(/^2 × MLP 32, 1 epoch, arithmetic mean: ensemble \d+\.\d\d % test/)).toBeVisible();
    await page.locator('summary', { hasText: 'Teacher details' }).click();
    const teachers = page.getByRole('table', { name: 'Teacher accuracy' });
    // Validation, test, and each member's ECE (the Ensemble panel has weights and calibration).
    await expect(teachers.getByRole('row', { name: /^Teacher 1 \d+\.\d\d % \d+\.\d\d % \d+\.\d\d %$/ })).toBeVisible();
    await expect(teachers.getByRole('row', { name: /^Teacher 2 \d+\.\d\d % \d+\.\d\d % \d+\.\d\d %$/ })).toBeVisible();
    await expect(teachers.getByRole('row', { name: /^Ensemble \d+\.\d\d % \d+\.\d\d % \d+\.\d\d %$/ })).toBeVisible();
    await expect(studio.status).toContainText(/ensemble test accuracy \d+\.\d\d %/);
    // The ensemble's make-up, in its own section: how often the two teachers disagree, the oracle, the gain over the best member.
    await studio.showSection('Ensemble');
    const disagreement = page.getByRole('table', { name: 'Disagreement between teachers (share of test digits)' });
    await expect(disagreement.getByRole('row', { name: /^Teacher 1 – \d+\.\d %$/ })).toBeVisible();
    await expect(
      page.getByText(
        /at least one teacher is right on \d+\.\d\d % of the digits \(the oracle\); the ensemble is [+−]\d+\.\d\d points from its best member\./,
      ),
    ).toBeVisible();
  });

  await test.step('the Temperature slider softens the soft labels', async () => {
    await studio.showSection('Live charts');
    const chart = studio.chart('Soft labels');
    await expect(chart).toBeVisible();
    await expect(chart.locator('.chart-bars')).toBeVisible();
    const stats = page.getByText(/^Ensemble predicts /);
    await expect(stats).toContainText('at T = 4 ');
    const statsBefore = await stats.textContent();
    const barsBefore = await softLabelBars(studio);
    expect(barsBefore.length).toBeGreaterThanOrEqual(10);

    const temperature = studio.slider('Temperature');
    await temperature.focus();
    await temperature.press('End'); // T = 20, the slider's maximum
    await expect(temperature).toHaveValue('20');
    await expect(stats).toContainText('at T = 20 ');
    expect(await stats.textContent()).not.toBe(statsBefore);
    // Softer targets: the entropy at T grows towards log2(10).
    expect(entropyAtT(await stats.textContent())).toBeGreaterThan(entropyAtT(statsBefore));
    await expect.poll(() => softLabelBars(studio)).not.toEqual(barsBefore);

    await temperature.press('Home'); // back to T = 1 …
    for (let i = 0; i < 6; i++) await temperature.press('ArrowRight'); // … then up to T = 4
    await expect(temperature).toHaveValue('4');
  });

  await test.step('distill while moving Temperature and Alpha', async () => {
    await studio.startDistilling();
    await expect(studio.status).toContainText(/Distilling the student — epoch 1\//, { timeout: JOB_TIMEOUT });
    await expect.poll(() => lastLossStep(studio), { timeout: JOB_TIMEOUT }).toBeGreaterThan(0);

    const temperature = studio.slider('Temperature');
    await temperature.focus();
    for (let i = 0; i < 4; i++) await temperature.press('ArrowRight'); // T = 6
    const alpha = studio.slider('Alpha');
    await alpha.focus();
    for (let i = 0; i < 8; i++) await alpha.press('ArrowLeft'); // alpha = 0.5
    await expect(temperature).toHaveValue('6');
    await expect(alpha).toHaveValue('0.5');

    // The worker answers with readings at the new values: the loss chart marks the change …
    const loss = studio.chart('Loss');
    await expect(loss).toHaveAccessibleDescription(/Hyperparameter changes: .*T=6/, { timeout: JOB_TIMEOUT });
    await expect(loss).toHaveAccessibleDescription(/Hyperparameter changes: .*α=0\.5/);
    // The mark is drawn: a vertical line (zero width, so Playwright calls it hidden: count it) and its label.
    await expect(loss.locator('.chart-mark__line')).not.toHaveCount(0);
    await expect(loss.locator('text.chart-mark__label', { hasText: /T=6/ })).toBeVisible();
    // … and keeps drawing new readings after it.
    const markStep = Number(/T=6[^;]* at step (\d+)/.exec(await description(loss))?.[1]);
    expect(markStep, 'the T=6 mark names its step').toBeGreaterThan(0);
    await expect.poll(() => lastLossStep(studio), { timeout: JOB_TIMEOUT }).toBeGreaterThan(markStep);
    test.info().annotations.push({ type: 'live change', description: `T/alpha mark at student step ${markStep}` });
  });

  await test.step('results: three rows with numbers', async () => {
    await studio.waitForStudent();
    for (const row of ['Teacher ensemble', 'Distilled student', 'Baseline student'] as const) {
      await expect(studio.resultRow(row)).toBeVisible();
      const accuracy = await studio.testAccuracy(row);
      expect(accuracy, `${row} test accuracy`).toBeGreaterThan(50);
      expect(accuracy).toBeLessThanOrEqual(100);
    }
    await expect(page.getByText(/T 4 → 6, α 0\.9 → 0\.5, 16 hidden, 3 epochs/)).toBeVisible();
    // The Runs table quotes T and α as the run used them.
    const row = page.getByRole('table', { name: 'Runs' }).getByRole('row', { name: /^Run 1\b/ });
    await expect(row.getByRole('cell', { name: '4 → 6', exact: true })).toBeVisible();
    await expect(row.getByRole('cell', { name: '0.9 → 0.5', exact: true })).toBeVisible();
    await studio.showSection('Live charts');
    await expect(studio.chart('Accuracy')).toHaveAccessibleDescription(/^Epoch 3: distilled student \d+\.\d\d % validation/);
    // Under it, each student's fidelity to the ensemble and its calibration, per epoch.
    const fidelity = page.getByRole('img', { name: 'Calibration and fidelity', exact: true });
    await expect(fidelity).toHaveAccessibleDescription(
      /^Agreement with the ensemble at epoch 3, validation: distilled \d+\.\d %, baseline \d+\.\d %\.$/,
    );
    await page.getByLabel('Per epoch, validation', { exact: true }).selectOption({ label: 'Calibration error (ECE)' });
    await expect(fidelity).toHaveAccessibleDescription(
      /^Calibration error \(ECE\) at epoch 3, validation: distilled \d+\.\d %, baseline \d+\.\d %\.$/,
    );
    // The reliability diagrams of the three models, overlaid; unticking one takes it off.
    await studio.showSection('Results');
    const reliability = page.getByRole('img', { name: 'Reliability diagram', exact: true });
    await expect(reliability).toHaveAccessibleDescription(
      /^Ensemble: ECE \d+\.\d\d %, MCE \d+\.\d\d %; Distilled student: ECE \d+\.\d\d %, MCE \d+\.\d\d %; Baseline student: ECE/,
    );
    await expect(reliability.locator('.reliability-line')).toHaveCount(3);
    await page.getByRole('checkbox', { name: 'Baseline student', exact: true }).uncheck();
    await expect(reliability.locator('.reliability-line')).toHaveCount(2);
    await expect(reliability).not.toHaveAccessibleDescription(/Baseline student/);
    // The change is marked on the accuracy chart too, and the strip under the loss chart shows the schedule.
    await studio.showSection('Live charts');
    await expect(studio.chart('Accuracy').locator('text.chart-mark__label', { hasText: /T=6/ })).toBeVisible();
    await expect(studio.chart('Temperature and alpha per batch')).toHaveAccessibleDescription(/from batch 1: T = 4, α = 0\.9; .*T = 6/);
    await studio.expectBackend(); // still on the forced backend: no silent fallback mid-run
  });

  expect(consoleErrors, 'no console errors or page errors during the whole flow').toEqual([]);
});
