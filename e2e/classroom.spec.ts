/**
 * The classroom view and accessibility: on a projector's screen (1280×720, 1024×768, 1920×1080)
 * the view fills the screen without scrolling, every text is 24 px or more, the maps are at least
 * 300 px at 1280×720 and the status is never cut off; space trains (teachers, then the student)
 * and the arrow keys move T; the loss shows while the student trains and each student's test
 * accuracy under its map after; Reset asks before it deletes the teachers and the run. axe-core
 * finds no serious or critical violation in the studio, in teaching mode and in the classroom view
 * (its dialog open too). The header's link to the other mode is whole from 1024 px up.
 *
 * SCREENSHOT_DIR=/tmp npx playwright test --project=wasm classroom saves the view after the run at
 * each size as classroom-<width>x<height>.png there.
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

const MAPS = ['Distilled student', 'Baseline student', 'Teacher ensemble', 'Soft-label entropy'] as const;
const MIN_TEXT_PX = 24;

/** Every rendered element of the classroom view with text of its own under 24 px, as `tag "text": size` lines. */
async function smallText(page: Page): Promise<string[]> {
  return page.locator('.classroom').evaluate((root, min) => {
    const small: string[] = [];
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const text = [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (text === '' || !el.checkVisibility()) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < min) small.push(`${el.tagName.toLowerCase()} "${text.slice(0, 40)}": ${size} px`);
    }
    return small;
  }, MIN_TEXT_PX);
}

/**
 * At the page's viewport: no scrolling either way, no text under 24 px, the status whole, and the
 * four maps square, of one size and at least `minMap` px. Returns the map size.
 */
async function expectFitsTheScreen(page: Page, minMap: number): Promise<number> {
  const { width, height } = page.viewportSize()!;
  const where = `at ${width}×${height}`;
  // The maps are sized a frame after the viewport changes.
  await expect
    .poll(async () => (await page.getByRole('img', { name: MAPS[0], exact: true }).boundingBox())?.width ?? 0, {
      message: `the maps are at least ${minMap} px ${where}`,
    })
    .toBeGreaterThanOrEqual(minMap);
  const boxes = await Promise.all(MAPS.map((name) => page.getByRole('img', { name, exact: true }).boundingBox()));
  const sizes = boxes.map((b) => Math.round(b?.width ?? 0));
  expect(new Set(sizes).size, `four maps of one size ${where}: ${sizes.join(', ')}`).toBe(1);
  expect(boxes.every((b) => b && Math.round(b.height) === Math.round(b.width))).toBe(true);
  const page_ = await page.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    width: document.documentElement.scrollWidth,
  }));
  expect(page_.height, `no vertical scrolling ${where}`).toBeLessThanOrEqual(height);
  expect(page_.width, `no sideways scrolling ${where}`).toBeLessThanOrEqual(width);
  expect(await smallText(page), `no text under ${MIN_TEXT_PX} px ${where}`).toEqual([]);
  const status = await page.getByRole('status').evaluate((el) => ({
    scroll: el.scrollWidth,
    client: el.clientWidth,
    scrollHeight: el.scrollHeight,
    clientHeight: el.clientHeight,
  }));
  expect(status.scroll, `the status is not cut off ${where}`).toBeLessThanOrEqual(status.client);
  expect(status.scrollHeight, `the status is not cut off ${where}`).toBeLessThanOrEqual(status.clientHeight);
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/classroom-${width}x${height}.png` });
  return sizes[0]!;
}

/** "60.0 %" under a map → 60. */
async function shownAccuracy(page: Page, map: 'Distilled student' | 'Baseline student'): Promise<number> {
  const text = await page
    .getByRole('figure', { name: map })
    .getByText(/^\d+\.\d %$/)
    .textContent();
  return Number(/^([\d.]+) %$/.exec(text ?? '')?.[1]);
}

test('classroom view: fills the screen in large type, space trains, arrows move T, accuracies under the maps, Reset asks; no serious accessibility violations in any mode', async ({
  page,
  studio,
  backend,
  consoleErrors,
}) => {
  test.skip(backend !== 'wasm', 'layout, keyboard and accessibility do not depend on the backend');
  test.setTimeout(240_000);
  const reset = page.getByRole('button', { name: 'Reset', exact: true });
  const dialog = page.getByRole('dialog', { name: 'Start again?' });

  await test.step('the studio', async () => {
    await studio.open();
    expect(await seriousViolations(page)).toEqual([]);
  });

  await test.step('teaching mode', async () => {
    await page.goto(`/?mode=teaching&backend=${backend}`);
    await expect(studio.status).toContainText(/Ready: Spirals/, { timeout: 90_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  await test.step('the classroom view before training: the screen filled, "not trained yet", Reset at once', async () => {
    await page.getByRole('button', { name: 'Classroom view' }).click();
    await expect(page.getByRole('heading', { name: 'Distillation, live' })).toBeVisible();
    // Only T, alpha, Train and Reset (and the way back).
    await expect(page.getByRole('button')).toHaveText(['Leave classroom view', 'Train', 'Reset']);
    await expect(page.getByRole('figure', { name: 'Distilled student' })).toContainText('Not trained yet');
    await expect(page.getByRole('figure', { name: 'Baseline student' })).toContainText('Not trained yet');
    await expectFitsTheScreen(page, 300);
    // Nothing to lose: no question.
    await reset.click();
    await expect(studio.status).toContainText(/Ready: Spirals/);
    await expect(dialog).toBeHidden();
  });

  await test.step('the keyboard: arrows move T, space trains; the loss shows while the student trains', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('slider', { name: 'Temperature' })).toHaveValue('2'); // from the default T = 1, two steps of 0.5
    await page.keyboard.press(' ');
    await expect(page.getByText('Loss: shown while the student trains')).toBeVisible();
    await expect(studio.status).toContainText(/Distilling the student/, { timeout: JOB_TIMEOUT });
    await expect(page.getByText(/^distilled total \d/)).toBeVisible();
    await expect(page.getByText(/^baseline CE \d/)).toBeVisible();
    await expect(page.getByText(/^batch \d+$/)).toBeVisible();
    await expect(studio.status).toContainText(/Done: run 1, distilled student/, { timeout: JOB_TIMEOUT });
    await expect(page.getByRole('img', { name: 'Distilled student', exact: true })).not.toHaveAccessibleDescription(/not trained yet/);
  });

  await test.step('each student’s test accuracy under its map, as in the status, and the gain', async () => {
    const status = (await studio.status.textContent()) ?? '';
    const [, student, baseline] = /distilled student ([\d.]+) % vs baseline ([\d.]+) %/.exec(status) ?? [];
    const shown = { student: await shownAccuracy(page, 'Distilled student'), baseline: await shownAccuracy(page, 'Baseline student') };
    expect(
      Math.abs(shown.student - Number(student)),
      `distilled: ${shown.student} % shown, ${student} % in the status`,
    ).toBeLessThanOrEqual(0.05);
    expect(
      Math.abs(shown.baseline - Number(baseline)),
      `baseline: ${shown.baseline} % shown, ${baseline} % in the status`,
    ).toBeLessThanOrEqual(0.05);
    const gain = Math.round((shown.student - shown.baseline) * 10) / 10;
    await expect(page.getByRole('figure', { name: 'Distilled student' })).toContainText(
      gain === 0 ? 'level with baseline' : `${gain > 0 ? '+' : '−'}${Math.abs(gain).toFixed(1)} points vs baseline`,
    );
  });

  await test.step('the screen filled at 1280×720, 1024×768 and 1920×1080, large type; no violations', async () => {
    const sizes: string[] = [];
    for (const [viewport, minMap] of [
      [{ width: 1280, height: 720 }, 300],
      [{ width: 1024, height: 768 }, 230],
      [{ width: 1920, height: 1080 }, 440],
    ] as const) {
      await page.setViewportSize(viewport);
      sizes.push(`${viewport.width}×${viewport.height}: ${await expectFitsTheScreen(page, minMap)} px`);
    }
    test.info().annotations.push({ type: 'map sizes', description: sizes.join('; ') });
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  await test.step('Reset asks what it would delete: Esc and Cancel keep the run, Reset clears it', async () => {
    await reset.click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Reset draws the same points again and deletes the 3 trained teachers and the run of this page');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    expect(await smallText(page), 'no text under 24 px in the dialog').toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(reset).toBeFocused();
    await expect(page.getByRole('figure', { name: 'Distilled student' })).toContainText(/test accuracy/);

    await reset.click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(reset).toBeFocused();
    await expect(page.getByRole('figure', { name: 'Distilled student' })).toContainText(/test accuracy/);

    await reset.click();
    await dialog.getByRole('button', { name: 'Reset' }).click();
    await expect(dialog).toBeHidden();
    await expect(studio.status).toContainText(/Ready: Spirals/);
    await expect(page.getByRole('figure', { name: 'Distilled student' })).toContainText('Not trained yet');
    await expect(page.getByRole('figure', { name: 'Teacher ensemble' })).toContainText('Not trained yet');
    await expect(page.getByText('Loss: shown while the student trains')).toBeVisible();
  });

  expect(consoleErrors).toEqual([]);
});

test('the header’s link to the other mode is whole from 1024 px up, in the studio and in teaching mode', async ({
  page,
  backend,
  consoleErrors,
}) => {
  test.skip(backend !== 'wasm', 'the header does not depend on the backend');
  for (const [query, name] of [
    ['', 'Teaching mode'],
    ['&mode=teaching', 'Back to the studio'],
  ] as const) {
    await page.goto(`/?backend=${backend}${query}`);
    await expect(page.getByText(/^Running on /)).toBeVisible({ timeout: 90_000 });
    const link = page.getByRole('banner').getByRole('link', { name, exact: true });
    for (const width of [1024, 1280, 1440]) {
      await page.setViewportSize({ width, height: 800 });
      await expect(link, `"${name}" at ${width} px`).toBeInViewport({ ratio: 1 });
      const box = await link.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(box.scroll, `"${name}" is not cut off at ${width} px`).toBeLessThanOrEqual(box.client);
      expect(box.client, `"${name}" has its width at ${width} px`).toBeGreaterThan(50);
      // One line: the header keeps its height (the studio's one-screen layout counts on it).
      expect((await page.getByRole('banner').boundingBox())!.height, `the header is one line at ${width} px`).toBeLessThan(60);
    }
  }
  expect(consoleErrors).toEqual([]);
});
