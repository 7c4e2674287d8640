/**
 * Reproducible from a file: a run on the CPU backend exports a manifest; the CLI replays it in Node
 * (CPU) to the same test accuracy, and the studio replays it too.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, JOB_TIMEOUT, test } from './fixtures';

const ROOT = join(import.meta.dirname, '..');

test('a run exported as a manifest replays to the same test accuracy in the CLI and in the studio (CPU)', async ({
  studio,
  page,
  consoleErrors,
}) => {
  test.skip(studio.backend === 'webgpu', 'The replay compares CPU with CPU; the WebGPU project adds nothing here.');
  test.setTimeout(8 * 60_000);
  await page.goto('/?backend=cpu');
  await expect(studio.status).toContainText(/Ready: 10,000 digits/, { timeout: 90_000 });
  await expect(page.getByText(/^Running on CPU/)).toBeVisible();
  await studio.configure({ trainPercent: 20, studentEpochs: 2 });
  await studio.trainTeachers();
  await studio.startDistilling();
  await studio.waitForStudent();
  const shown = await studio.testAccuracy('Distilled student');

  const [download] = await Promise.all([page.waitForEvent('download'), studio.button('Export run 1 manifest').click()]);
  expect(download.suggestedFilename()).toBe('distill-manifest-run-1.json');
  const path = test.info().outputPath('distill-manifest-run-1.json');
  await download.saveAs(path);
  const manifest = JSON.parse(await readFile(path, 'utf8')) as {
    backend: string;
    dataset: { id: string; hash: string };
    students: { studentTestAccuracy: number }[];
  };
  expect(manifest.backend).toBe('cpu');
  expect(manifest.dataset.id).toBe('mnist');
  expect(manifest.dataset.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(manifest.students[0]!.studentTestAccuracy * 100).toBeCloseTo(shown, 2);

  await test.step('the CLI replays it in Node on the CPU backend: the same test accuracy', async () => {
    const { stdout } = await promisify(execFile)(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['scripts/distill.ts', '--manifest', path, '--quiet'],
      {
        cwd: ROOT,
        timeout: 4 * 60_000,
      },
    );
    expect(stdout).toContain('Replay of the manifest (run, cpu, studio');
    expect(stdout).toContain("1 of 1 student gives the manifest's test accuracy exactly.");
  });

  await test.step('the studio replays it: teachers and student again, the same figure', async () => {
    await studio.showSection('Sweep');
    await page.getByLabel('Replay a manifest').setInputFiles(path);
    await expect(studio.status).toContainText(
      "Replayed distill-manifest-run-1.json: 1 of 1 student gives the manifest's test accuracy exactly.",
      {
        timeout: JOB_TIMEOUT,
      },
    );
    const table = page.getByRole('table', { name: /^Replayed distill-manifest-run-1\.json/ });
    await expect(table.getByRole('row').nth(1)).toContainText(/yes$/);
  });
  expect(consoleErrors).toEqual([]);
});
