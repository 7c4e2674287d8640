/**
 * The "Quick demo" preset: one click sets it up, and — on the settings chosen on the validation
 * split (README, "Quick demo") — the distilled student beats its baseline on the test split.
 */
import { expect, test } from './fixtures';

test('Quick demo: the distilled student beats its baseline', async ({ studio, page, backend }) => {
  test.skip(backend !== 'wasm', 'about a minute on WASM; several on SwiftShader');
  test.setTimeout(400_000);
  await studio.open();
  await page.getByRole('button', { name: 'Quick demo', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Quick demo', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(studio.status).toContainText('Quick demo settings');
  await studio.button('Train teachers').click();
  await expect(studio.status).toContainText(/Done: \d+ teachers trained/, { timeout: 300_000 });
  await studio.startDistilling();
  await expect(studio.status).toContainText(/Done: run 1, distilled student/, { timeout: 300_000 });
  const student = await studio.testAccuracy('Distilled student');
  const baseline = await studio.testAccuracy('Baseline student');
  test.info().annotations.push({ type: 'quick demo', description: `distilled ${student} % vs baseline ${baseline} %` });
  expect(student, `distilled ${student} % vs baseline ${baseline} %`).toBeGreaterThan(baseline);
  await expect(page.getByRole('list', { name: 'Warnings' })).toHaveCount(0);
});
