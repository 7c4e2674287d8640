/**
 * Bad input is refused with a message naming the setting, and a diverging run is reported
 * clearly while the app stays usable. Validation is the same on every backend: WASM only.
 */
import { expect, JOB_TIMEOUT, test } from './fixtures';

test.beforeEach(({ backend }) => {
  test.skip(backend !== 'wasm', 'validation does not depend on the backend');
});

test('invalid settings show a message and disable Train teachers', async ({ studio, page, consoleErrors }) => {
  await studio.open();
  const train = studio.button('Train teachers');
  await expect(train).toBeEnabled();

  const ensemble = studio.field('Ensemble size');
  await ensemble.fill('0');
  await expect(page.getByText('Ensemble size must be between 1 and 8.', { exact: true })).toBeVisible();
  await expect(ensemble).toHaveAttribute('aria-invalid', 'true');
  await expect(ensemble).toHaveAccessibleDescription(/Ensemble size must be between 1 and 8\./);
  await expect(train).toBeDisabled();
  await expect(train).toHaveAccessibleDescription(/Fix the settings first: Ensemble size must be between 1 and 8\./);

  // A number input takes no letters: typing "abc" leaves it empty, which is not a number either.
  const rate = studio.field('Learning rate');
  await rate.fill('');
  await rate.pressSequentially('abc');
  await expect(page.getByText('Learning rate must be a number.', { exact: true })).toBeVisible();
  await expect(rate).toHaveAttribute('aria-invalid', 'true');
  await expect(train).toBeDisabled();
  await expect(studio.button('Distill student')).toBeDisabled();

  const hidden = studio.field('Student hidden units');
  await hidden.fill('2.5');
  await expect(page.getByText('Student hidden units must be a whole number.', { exact: true })).toBeVisible();

  // Fixing them clears the messages and enables the button again.
  await ensemble.fill('1');
  await rate.fill('0.001');
  await hidden.fill('16');
  await expect(page.getByText(/must be (between|a number|a whole number)/)).toHaveCount(0);
  await expect(ensemble).not.toHaveAttribute('aria-invalid', 'true');
  await expect(train).toBeEnabled();
  expect(consoleErrors).toEqual([]);
});

test('a huge learning rate gives a clear NaN/Infinity message and the app stays usable', async ({ studio, page }) => {
  // Known gap, reported to the lead: the teachers train with Adam, whose steps are bounded by the
  // learning rate, so even the maximum (10) makes a useless model (about 10 % accuracy) but never a
  // non-finite loss; the NaN guard (unit-tested in src/core) cannot be reached from the UI. Remove
  // this line when it can: Playwright then reports the unexpected pass.
  test.fail(true, 'lr = 10 with Adam never produces a NaN/Infinity loss, so no message appears');

  await studio.open();
  await studio.configure({ studentEpochs: 1 });
  await studio.fill('Learning rate', 10);
  await studio.button('Train teachers').click();
  const alert = page.getByRole('alert');
  const finished = studio.status.filter({ hasText: /^Done: / });
  await expect(alert.or(finished).first()).toBeVisible({ timeout: JOB_TIMEOUT });
  const outcome = (await alert.count()) > 0 ? await alert.first().textContent() : await studio.status.textContent();

  // Still usable: a sensible learning rate trains, and a student can be distilled.
  if ((await alert.count()) > 0) await page.getByRole('button', { name: 'Dismiss' }).click();
  await studio.fill('Learning rate', 0.001);
  await studio.trainTeachers();
  await expect(studio.button('Distill student')).toBeEnabled();

  expect(outcome, 'the run at learning rate 10 ends with a message naming NaN or Infinity').toMatch(/NaN|Infinity/);
  expect(outcome).toMatch(/learning rate/i);
});
