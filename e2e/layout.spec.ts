/**
 * One screen, no dead air: during a distillation the sliders, the soft-label chart, the progress
 * and the loss chart are all in view without scrolling, at 1440×900 and at 1280×720 (the Live
 * charts section shows when the run starts, whichever section was shown); the run buttons and Stop
 * stay reachable when the page scrolls. On a phone the status is one line and the results table
 * scrolls sideways inside its box, not the page, and that box takes focus so the keys scroll it.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, JOB_TIMEOUT, test } from './fixtures';

test.beforeEach(({ backend }) => {
  test.skip(backend !== 'wasm', 'the layout does not depend on the backend');
});

async function expectInViewport(page: Page, what: string, locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  expect(box, `${what} is rendered`).not.toBeNull();
  const { x, y, width, height } = box!;
  expect(width, `${what} has a size`).toBeGreaterThan(0);
  const where = `${what} at x ${Math.round(x)}–${Math.round(x + width)}, y ${Math.round(y)}–${Math.round(y + height)} in ${viewport.width}×${viewport.height}`;
  expect(x >= 0 && y >= 0 && x + width <= viewport.width && y + height <= viewport.height, where).toBe(true);
}

for (const size of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
]) {
  test(`during distillation the sliders, soft labels, progress and loss chart fit ${size.width}×${size.height}`, async ({
    studio,
    page,
  }) => {
    await page.setViewportSize(size);
    await studio.open();
    await studio.configure({ ensembleSize: 1, teacherEpochs: 1, teacherHidden: 32, studentEpochs: 30, studentHidden: 16 });
    await studio.trainTeachers();
    // Looking at another section when the run starts: the live charts come into view with it.
    await studio.showSection('Ensemble');
    await studio.startDistilling();
    await expect(studio.status).toContainText(/Distilling the student — epoch/, { timeout: JOB_TIMEOUT });
    await expect(studio.tab('Live charts')).toHaveAttribute('aria-selected', 'true');
    await expect(studio.chart('Loss').locator('.loss-line--total path.chart-line')).toHaveCount(1, { timeout: JOB_TIMEOUT });
    // Typing the settings may have scrolled the setup column into view: look from the top.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await expectInViewport(page, 'the Temperature slider', studio.slider('Temperature'));
    await expectInViewport(page, 'the Alpha slider', studio.slider('Alpha'));
    await expectInViewport(page, 'the soft-label chart', studio.chart('Soft labels'));
    await expectInViewport(page, 'the progress bar', page.getByRole('progressbar', { name: 'Distillation progress' }));
    await expectInViewport(page, 'the loss chart', studio.chart('Loss'));
    await expectInViewport(page, 'Stop', studio.button('Stop'));

    // Scrolled to the bottom of the page, the run bar (status, run buttons, Stop) is still in view.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await expectInViewport(page, 'Stop after scrolling', studio.button('Stop'));
    await expectInViewport(page, 'Distill student after scrolling', studio.button('Distill student'));
    await expectInViewport(page, 'the status after scrolling', studio.status);
    await studio.button('Stop').click();
    await studio.waitForStudent();
  });
}

test('on a phone (390×844) the status takes one line and the results table scrolls inside its box', async ({ studio, page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await studio.open();
  await studio.configure({ ensembleSize: 1, teacherEpochs: 1, teacherHidden: 32, studentEpochs: 1, studentHidden: 16 });
  await studio.trainTeachers();
  await studio.startDistilling();
  await studio.waitForStudent();
  const lineHeight = await studio.status.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  const statusBox = (await studio.status.boundingBox())!;
  expect(statusBox.height, 'the status line is one line high').toBeLessThan(lineHeight * 1.6);
  const table = studio.results;
  const scroller = table.locator('xpath=..');
  const widths = await scroller.evaluate((el) => ({
    scroll: el.scrollWidth,
    client: el.clientWidth,
    overflow: getComputedStyle(el).overflowX,
  }));
  expect(widths.overflow).toBe('auto');
  expect(widths.scroll, 'the table is wider than the phone and scrolls').toBeGreaterThan(widths.client);
  // The keyboard scrolls it too: the box is a named region that takes focus.
  await expect(scroller).toHaveAttribute('role', 'region');
  await expect(scroller).toHaveAttribute('tabindex', '0');
  await expect(scroller).toHaveAccessibleName('Results, scrollable');
  await scroller.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => scroller.evaluate((el) => el.scrollLeft), 'ArrowRight scrolls the focused box').toBeGreaterThan(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'the page itself does not scroll sideways').toBeLessThanOrEqual(
    390,
  );
});
