/**
 * Takes docs/screenshot.png (the README's picture) of the real app after a run of the full
 * defaults, seed 0 — a run representative of what the defaults give. Not a test: skipped unless
 * SCREENSHOT=1.
 *
 *   SCREENSHOT=1 npx playwright test --project=wasm screenshot
 */
import { join } from 'node:path';
import { expect, test } from './fixtures';

test.use({ viewport: { width: 1440, height: 900 } });

test('README screenshot', async ({ studio, page, backend }) => {
  test.skip(!process.env.SCREENSHOT || backend !== 'wasm', 'set SCREENSHOT=1 (wasm project) to refresh docs/screenshot.png');
  test.setTimeout(600_000);
  await studio.open();
  await page.getByRole('button', { name: 'Full defaults', exact: true }).click();
  await studio.button('Train teachers').click();
  await expect(studio.status).toContainText(/Done: 3 teachers trained/, { timeout: 400_000 });
  await page.getByRole('button', { name: 'Next sample', exact: true }).click();
  await studio.startDistilling();
  await expect(studio.status).toContainText(/Done: run 1, distilled student/, { timeout: 400_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(import.meta.dirname, '..', 'docs', 'screenshot.png'), fullPage: true });
});

test('README screenshot of teaching mode', async ({ studio, page, backend }) => {
  test.skip(!process.env.SCREENSHOT || backend !== 'wasm', 'set SCREENSHOT=1 (wasm project) to refresh docs/teaching.png');
  test.setTimeout(300_000);
  await page.goto(`/?mode=teaching&backend=${backend}`);
  await expect(studio.status).toContainText(/Ready: Spirals/, { timeout: 90_000 });
  await studio.button('Train teachers').click();
  await expect(studio.status).toContainText(/Done: 3 teachers trained/, { timeout: 200_000 });
  await studio.startDistilling();
  await expect(studio.status).toContainText(/Done: run 1, distilled student/, { timeout: 200_000 });
  const regions = page.getByRole('region', { name: 'Decision regions' });
  await regions.scrollIntoViewIfNeeded();
  await regions.screenshot({ path: join(import.meta.dirname, '..', 'docs', 'teaching.png') });
});

test('README screenshot of text', async ({ studio, page, backend }) => {
  test.skip(!process.env.SCREENSHOT || backend !== 'wasm', 'set SCREENSHOT=1 (wasm project) to refresh docs/text.png');
  test.setTimeout(900_000);
  await studio.open();
  await page.getByText('Text: the Brown corpus (8 genres)').click();
  await studio.button('Use the Brown corpus (text)').click();
  await expect(studio.status).toContainText(/Ready: Brown corpus genres/, { timeout: 60_000 });
  // The text preset, with three teachers instead of five to keep the picture quick to refresh.
  await studio.fill('Ensemble size', 3);
  await studio.button('Train teachers').click();
  await expect(studio.status).toContainText(/Done: 3 teachers trained/, { timeout: 600_000 });
  await studio.startDistilling();
  await expect(studio.status).toContainText(/Done: run 1, distilled student/, { timeout: 600_000 });
  await studio.showSection('Live charts');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(import.meta.dirname, '..', 'docs', 'text.png'), fullPage: true });
});
