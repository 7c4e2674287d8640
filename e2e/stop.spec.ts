/**
 * Stop beyond the batch loops: during the teachers' logit caching it says what it finishes and a
 * second press discards the new teachers; during a student's evaluation it skips the inference
 * timing and the results say so. Focus sits on Stop while a job runs and Esc stops it.
 */
import { expect, JOB_TIMEOUT, test } from './fixtures';

test('Stop during logit caching: the first press says what finishes and for how long, the second discards', async ({
  studio,
  page,
  backend,
}) => {
  test.skip(backend !== 'wasm', 'on SwiftShader the caching alone takes minutes at this size');
  await studio.open();
  // Wide teachers on few images: short training, caching of all 10,000 images long enough to catch.
  await studio.configure({ ensembleSize: 2, teacherEpochs: 1, teacherHidden: 1024, trainPercent: 3, studentEpochs: 1, studentHidden: 16 });
  await studio.button('Train teachers').click();
  await expect(studio.button('Stop'), 'focus moves to Stop while the job runs').toBeFocused();
  await expect(studio.status).toContainText(/Caching every teacher's logits/, { timeout: JOB_TIMEOUT });
  await studio.button('Stop').click();
  await expect(studio.status).toContainText(
    /(Finishing the logits cache so the trained teachers are kept|Caching the logits of the 2 trained teachers so they are kept)/,
  );
  await expect(studio.status).toContainText(/Press Stop again to discard them/);
  await expect(studio.status).toContainText(/about \d+ s left|About \d+ s left/i);
  await studio.button('Stop').click();
  await expect(studio.status).toContainText(
    /Stopped while caching the teachers' logits: the 2 new teachers were discarded; no teachers were kept\./,
    { timeout: 5_000 },
  );
  await expect(page.getByRole('alert')).toHaveCount(0); // a cancel the user asked for is not an error
  await expect(studio.button('Distill student')).toBeDisabled();
  await expect(studio.button('Train teachers'), 'focus returns to the button that started the job').toBeFocused();
});

test('Stop during evaluation skips the timing at once; Esc stops a run', async ({ studio, page, backend }) => {
  await studio.open();
  // The evaluation must last long enough to press Stop in it: the ensemble's timing pass does on
  // wide teachers (on SwiftShader even narrow ones are slow, and caching wide ones would take minutes).
  const teachers = backend === 'wasm' ? { ensembleSize: 3, teacherHidden: 1024 } : { ensembleSize: 2, teacherHidden: 256 };
  await studio.configure({ ...teachers, teacherEpochs: 1, trainPercent: 5, studentEpochs: 2, studentHidden: 16 });
  await studio.trainTeachers();

  await studio.startDistilling();
  await expect(studio.status).toContainText(/Evaluating the students and the ensemble/, { timeout: JOB_TIMEOUT });
  await studio.button('Stop').click();
  const stoppedAt = Date.now();
  await expect(studio.status).toContainText(/Stopped: run 1/, { timeout: 10_000 });
  test.info().annotations.push({ type: 'evaluation stop', description: `results ${Date.now() - stoppedAt} ms after Stop` });
  await studio.showSection('Results');
  await expect(studio.resultRow('Distilled student')).toContainText('not timed');
  await expect(page.getByText('not timed (the run was stopped)')).toBeVisible();

  // Esc stops the next run from anywhere on the page.
  await studio.fill('Student epochs', 50);
  await studio.startDistilling();
  // Any epoch: on 5 % of the digits the first one passes in a blink.
  await expect(studio.status).toContainText(/Distilling the student — epoch \d+\//, { timeout: JOB_TIMEOUT });
  await page.keyboard.press('Escape');
  await expect(studio.status).toContainText(/Stopped: run 2/, { timeout: JOB_TIMEOUT });
  await expect(studio.button('Distill student')).toBeFocused();
});
