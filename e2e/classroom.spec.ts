/**
 * The classroom view and accessibility: the view fits 1280×720 without scrolling, space trains
 * (teachers, then the student) and the arrow keys move T; and axe-core finds no serious or
 * critical violation in the studio, in teaching mode and in the classroom view.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, JOB_TIMEOUT, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 720 } });

/** Serious and critical axe violations, as "rule: target" lines (empty when none). */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1] ?? ''}`));
}

test('classroom view: fits 1280×720, space trains, arrows move T; no serious accessibility violations in any mode', async ({
  page,
  studio,
  backend,
  consoleErrors,
}) => {
  test.skip(backend !== 'wasm', 'layout, keyboard and accessibility do not depend on the backend');
  test.setTimeout(180_000);

  await test.step('the studio', async () => {
    await studio.open();
    expect(await seriousViolations(page)).toEqual([]);
  });

  await test.step('teaching mode', async () => {
    await page.goto(`/?mode=teaching&backend=${backend}`);
    await expect(studio.status).toContainText(/Ready: Spirals/, { timeout: 90_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  await test.step('the classroom view: one screen, the keyboard, no violations', async () => {
    await page.getByRole('button', { name: 'Classroom view' }).click();
    await expect(page.getByRole('heading', { name: 'Distillation, live' })).toBeVisible();
    const size = await page.evaluate(() => ({
      height: document.documentElement.scrollHeight,
      width: document.documentElement.scrollWidth,
    }));
    expect(size.height, 'no vertical scrolling at 1280×720').toBeLessThanOrEqual(720);
    expect(size.width, 'no sideways scrolling').toBeLessThanOrEqual(1280);
    // Only T, alpha, Train and Reset (and the way back).
    await expect(page.getByRole('button')).toHaveText(['Leave classroom view', 'Train', 'Reset']);
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('slider', { name: 'Temperature' })).toHaveValue('5');
    await page.keyboard.press(' ');
    await expect(page.getByRole('status')).toContainText(/Done: run 1, distilled student/, { timeout: JOB_TIMEOUT });
    await expect(page.getByRole('img', { name: 'Distilled student', exact: true })).not.toHaveAccessibleDescription(/not trained yet/);
    expect(await seriousViolations(page)).toEqual([]);
  });

  expect(consoleErrors).toEqual([]);
});
