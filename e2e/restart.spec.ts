/**
 * Choosing another backend restarts the worker; the page hands the new one the teachers it holds,
 * so the student can be distilled without training them again.
 */
import { expect, JOB_TIMEOUT, parsePercent, test } from './fixtures';

test('switching the backend keeps the teachers usable', async ({ studio, page, backend, consoleErrors }) => {
  // From the project's backend to a fast one that is surely available here.
  const next = backend === 'wasm' ? { value: 'cpu', label: 'CPU' } : { value: 'wasm', label: 'WASM' };

  await studio.open();
  await studio.configure({ studentEpochs: 1 });
  await studio.trainTeachers();
  const ensembleBefore = parsePercent(await page.getByText(/: ensemble [\d.]+ % test/).textContent());

  const select = page.getByRole('combobox', { name: 'Backend', exact: true });
  await select.selectOption({ label: next.label });
  await expect(studio.status).toContainText(`on ${next.label}; 1 teacher restored.`, { timeout: JOB_TIMEOUT });
  await expect(page.getByText(/^Running on /)).toContainText(`Running on ${next.label}`);
  await expect(select).toHaveValue(next.value);
  await expect(page).toHaveURL(new RegExp(`[?&]backend=${next.value}\\b`));

  // The teachers survived the restart: distilling needs no retraining.
  await expect(studio.button('Distill student')).toBeEnabled();
  await expect(studio.button('Train teachers')).toBeEnabled();
  await studio.startDistilling();
  await studio.waitForStudent();
  // The restored ensemble is the same one: same test accuracy as before the restart.
  expect(await studio.testAccuracy('Teacher ensemble')).toBe(ensembleBefore);
  expect(await studio.testAccuracy('Distilled student')).toBeGreaterThan(50);
  expect(consoleErrors).toEqual([]);
});
