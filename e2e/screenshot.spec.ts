/**
 * Takes docs/screenshot.png (the README's picture) of the real app after a small run.
 * Not a test: skipped unless SCREENSHOT=1.
 *
 *   SCREENSHOT=1 npx playwright test --project=wasm screenshot
 */
import { join } from 'node:path';
import { expect, test } from './fixtures';

// A desktop layout rendered at 0.85 device pixels per CSS pixel: the whole page in a PNG under 300 kB.
test.use({ viewport: { width: 1360, height: 1000 }, deviceScaleFactor: 0.85 });

test('README screenshot', async ({ studio, page, backend }) => {
  test.skip(!process.env.SCREENSHOT || backend !== 'wasm', 'set SCREENSHOT=1 (wasm project) to refresh docs/screenshot.png');
  await studio.open();
  await studio.configure({ ensembleSize: 3, teacherEpochs: 2, teacherHidden: 128, studentEpochs: 12, studentHidden: 32 });
  await studio.trainTeachers();
  await page.getByRole('button', { name: 'Next sample', exact: true }).click();
  await studio.startDistilling();
  await expect.poll(async () => (await studio.status.textContent())?.match(/epoch (\d+)\//)?.[1] ?? '0', { timeout: 120_000 }).toBe('5');
  const temperature = studio.slider('Temperature');
  await temperature.focus();
  for (let i = 0; i < 4; i++) await temperature.press('ArrowRight'); // T = 6
  await studio.waitForStudent();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(import.meta.dirname, '..', 'docs', 'screenshot.png'), fullPage: true, scale: 'device' });
});
