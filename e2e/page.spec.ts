/**
 * The page's manners: it asks before a reload would stop a running job (and not when the page is
 * idle with its work saved), a link edited during a
 * run is applied only where it can be (T and alpha live) and otherwise put back with a notice, and
 * a teacher model the backend cannot train is disabled with its reason before any click.
 */
import { expect, JOB_TIMEOUT, test } from './fixtures';

test.beforeEach(({ backend }) => {
  test.skip(backend !== 'wasm', 'page behaviour, not the backend, is under test');
});

test('leaving the page while a job runs asks first (finished work is saved)', async ({ studio, page }) => {
  await studio.open();
  await studio.configure({ ensembleSize: 1, teacherEpochs: 1, teacherHidden: 32, studentEpochs: 40, studentHidden: 16 });
  await studio.trainTeachers();
  await studio.startDistilling();
  await expect(studio.status).toContainText(/Distilling the student — epoch/, { timeout: JOB_TIMEOUT });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.dismiss(); // stay on the page
  });
  await page.reload({ timeout: 5_000 }).catch(() => {}); // dismissed: the reload never completes
  await expect.poll(() => dialogs).toEqual(['beforeunload']);
  await expect(studio.status, 'the run goes on').toContainText(/Distilling the student/);
  await studio.button('Stop').click();
  await studio.waitForStudent();
});

test('an idle page whose runs are saved reloads without asking', async ({ studio, page }) => {
  await studio.open();
  await studio.configure({ ensembleSize: 1, teacherEpochs: 1, teacherHidden: 32, studentEpochs: 2, studentHidden: 16 });
  await studio.trainTeachers();
  await studio.startDistilling();
  await studio.waitForStudent();
  const savedLine = page.getByText(/^Teachers, runs and sweeps are saved in this browser/);
  await expect(savedLine).toBeVisible();
  await expect(savedLine).not.toContainText('Saving…');
  // A click on the page, so the browser would show the prompt if the page asked for one.
  await page.getByRole('button', { name: 'Show run 1', exact: true }).click();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept(); // leave, so a wrong prompt fails the check below rather than the reload
  });
  await page.reload();
  await expect(studio.status).toContainText(/restored from your last visit: the teachers and 1 run\./, { timeout: JOB_TIMEOUT });
  expect(dialogs).toEqual([]);
});

test('a link edited during a run: T and alpha apply live, other settings are put back with a notice', async ({ studio, page }) => {
  await studio.open();
  await studio.configure({ ensembleSize: 1, teacherEpochs: 1, teacherHidden: 32, studentEpochs: 40, studentHidden: 16 });
  await studio.trainTeachers();
  await studio.startDistilling();
  await expect(studio.status).toContainText(/Distilling the student — epoch/, { timeout: JOB_TIMEOUT });

  /** Edits the link's hash as a person would in the address bar. */
  const edit = (entries: Record<string, string>) =>
    page.evaluate((changes) => {
      const params = new URLSearchParams(location.hash.slice(1));
      for (const [key, value] of Object.entries(changes)) params.set(key, value);
      location.hash = params.toString();
    }, entries);

  await edit({ temperature: '8' });
  await expect(studio.slider('Temperature')).toHaveValue('8');
  await expect(studio.chart('Loss')).toHaveAccessibleDescription(/T=8 at step/, { timeout: JOB_TIMEOUT });
  await expect(page.getByRole('alert')).toHaveCount(0);

  await edit({ teachers: '5', alpha: '0.5' });
  const notice = page.getByRole('alert').filter({ hasText: 'not applied' });
  await expect(notice).toContainText("The link's Ensemble size was not applied: the student is training.");
  await expect(studio.slider('Alpha')).toHaveValue('0.5');
  await expect.poll(() => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('teachers'))).toBe('1');
  await studio.button('Stop').click();
  await studio.waitForStudent();
  await page.getByRole('button', { name: 'Dismiss notice' }).click();
  await expect(notice).toHaveCount(0);
});

test('a CNN teacher and a CNN student train on WASM (its convolution gradients: src/core/models/wasm-conv.ts)', async ({
  page,
  studio,
  backend,
}) => {
  test.skip(backend !== 'wasm', 'the WASM project checks the filter gradient registered for WASM');
  await page.goto('/?backend=wasm#teacher-arch=cnn&teachers=1&teacher-epochs=1&train-percent=10&student-hidden=cnn&student-epochs=1');
  await expect(studio.status).toContainText(/Ready: 10,000 digits/, { timeout: 90_000 });
  const select = page.getByLabel('Teacher model', { exact: true });
  await expect(select).toHaveValue('cnn');
  await expect(select.locator('option[value="cnn"]')).toBeEnabled();
  await expect(select.locator('option[value="mixed"]')).toBeEnabled();
  await expect(select.locator('option[value="cnn-32-64"]')).toBeEnabled();
  await expect(select.locator('option[value="cnn-32-64"]')).toHaveText('CNN (32-64)');
  await studio.trainTeachers();
  await studio.startDistilling();
  await studio.waitForStudent();
  // Both students learnt something from 700 digits in one epoch: well above chance (10 %).
  expect(await studio.testAccuracy('Distilled student')).toBeGreaterThan(30);
  expect(await studio.testAccuracy('Baseline student')).toBeGreaterThan(30);
});

test('before the click, the run buttons state the expected time on this backend', async ({ studio }) => {
  await studio.open();
  await expect(studio.button('Train teachers')).toHaveAccessibleDescription(/^(About (\d+ min )?\d+ s|Under a second) on WASM/, {
    timeout: 30_000,
  });
  await expect(studio.button('Distill student')).toHaveAccessibleDescription(
    'Train teachers first: the student learns from their soft labels.',
  );
});
