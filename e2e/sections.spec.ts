/**
 * The working set on one screen, the rest one click away: the sections beside the setup column are
 * tabs (each shows its own, the arrow keys move between them, the URL keeps the one shown across a
 * reload); a finished run is announced in the run bar's headline and on the Results tab, never
 * jumped to; the Runs table's key columns fit 1280×720 and 1440×900 without sideways scrolling;
 * no text of the header or the run bar is cut off at 1024, 1280 or 1440 px. It measures the page's
 * height at load, after a run and after a sweep (README, "Using the studio").
 */
import type { Locator, Page } from '@playwright/test';
import { expect, JOB_TIMEOUT, parsePercent, test, type SectionName, type Studio } from './fixtures';

test.beforeEach(({ backend }) => {
  test.skip(backend !== 'wasm', 'the layout does not depend on the backend');
});

/** Each section and a heading it shows. */
const SECTIONS: [SectionName, RegExp][] = [
  ['Live charts', /^Soft labels$/],
  ['Results', /^Results$/],
  ['Ensemble', /^The ensemble/],
  ['Dark knowledge', /^Dark knowledge/],
  ['Sweep', /^Sweep$/],
  ['Compare', /^Compare runs$/],
];

const WIDTHS = [1024, 1280, 1440];

const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

/** Records a measured height for the README (printed and kept in the report's annotations). */
function note(what: string, value: number | string): void {
  test.info().annotations.push({ type: 'measured', description: `${what}: ${value}` });
  console.log(`measured: ${what}: ${value}`);
}

/** Texts in the header and the run bar that are cut off (scrollWidth > clientWidth), each with its widths. */
function cutTexts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('header.header *, .runbar *')]
      .filter((el) => el.checkVisibility() && [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()))
      .filter((el) => el.scrollWidth > el.clientWidth)
      .map((el) => `"${(el.textContent ?? '').trim().slice(0, 60)}" (${el.scrollWidth} > ${el.clientWidth} px)`),
  );
}

async function expectWholeTexts(page: Page, when: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    await expect.poll(() => cutTexts(page), `header and run-bar texts cut off at ${width} px ${when}`).toEqual([]);
    // The estimate and the hints under the run buttons are readable: 14 px or more.
    const sizes = await page
      .locator('.runbar__notes, .runbar__headline')
      .evaluateAll((els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize)));
    for (const size of sizes) expect(size, `run-bar notes at ${width} px ${when}`).toBeGreaterThanOrEqual(14);
  }
}

/** The box `locator` is drawn in lies inside the visible box of `scroller`. */
async function expectInside(what: string, locator: Locator, scroller: Locator): Promise<void> {
  const box = (await locator.boundingBox())!;
  const frame = (await scroller.boundingBox())!;
  expect(box, `${what} is drawn`).not.toBeNull();
  const where = `${what} at x ${Math.round(box.x)}–${Math.round(box.x + box.width)} in the table's box ${Math.round(frame.x)}–${Math.round(frame.x + frame.width)}`;
  expect(box.x >= frame.x - 0.5 && box.x + box.width <= frame.x + frame.width + 0.5, where).toBe(true);
}

/** The Runs table and its scroll box fit without sideways scrolling; a run's key cells and actions are in view. */
async function expectRunsTableFits(page: Page, studio: Studio, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  const runs = page.getByRole('table', { name: 'Runs', exact: true });
  const scroller = runs.locator('xpath=..');
  const widths = await scroller.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  note(`Runs table at ${size.width}×${size.height}`, `${widths.scroll} px wide in a ${widths.client} px box`);
  expect(widths.scroll, `the Runs table scrolls sideways at ${size.width} px`).toBeLessThanOrEqual(widths.client);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'the page does not scroll sideways').toBeLessThanOrEqual(
    size.width,
  );
  const headers = await runs.getByRole('columnheader').allTextContents();
  const row = runs.getByRole('row', { name: /^Run 1\b/ });
  for (const column of ['Distilled test', 'Baseline test', 'Gain (points)']) {
    // The row header is not a cell: data cells follow the headers from the second on.
    await expectInside(`${column} at ${size.width} px`, row.getByRole('cell').nth(headers.indexOf(column) - 1), scroller);
  }
  for (const action of [
    studio.button('Show run 1'),
    page.getByRole('checkbox', { name: 'Compare run 1' }),
    studio.button('More about run 1'),
    studio.button('Delete run 1'),
  ]) {
    await expectInside(`${await action.textContent()} at ${size.width} px`, action, scroller);
  }
  // Run 1 in detail wraps to the page too.
  for (const name of ['Results', 'Calibration and agreement']) {
    const table = page.getByRole('table', { name, exact: true });
    const box = await table.locator('xpath=..').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(box.scroll, `"${name}" of Run 1 in detail scrolls sideways at ${size.width} px`).toBeLessThanOrEqual(box.client);
  }
}

test('each tab shows its section; arrow keys move between them; a reload keeps the one shown', async ({ studio, page, consoleErrors }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await studio.open();
  await expect(studio.tab('Live charts')).toHaveAttribute('aria-selected', 'true');
  note('page height at load (1280×720, Live charts)', await pageHeight(page));
  await expectWholeTexts(page, 'at load');
  await page.setViewportSize({ width: 1280, height: 720 });

  for (const [name, heading] of SECTIONS) {
    await studio.showSection(name);
    await expect(page.getByRole('tabpanel').getByRole('heading', { name: heading }).first()).toBeVisible();
    // One section at a time.
    await expect(page.getByRole('tabpanel')).toHaveCount(1);
  }

  // WAI-ARIA tabs: one tab stop; the arrows, Home and End move between tabs and show each.
  await studio.showSection('Live charts');
  await studio.tab('Live charts').focus();
  await page.keyboard.press('ArrowRight');
  await expect(studio.tab('Results')).toBeFocused();
  await expect(studio.tab('Results')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(studio.tab('Compare')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(studio.tab('Live charts')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(studio.tab('Compare')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(studio.tab('Live charts')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { selected: false }).first()).toHaveAttribute('tabindex', '-1');

  // The section shown is in the URL, beside the backend; the config's hash is untouched.
  await studio.showSection('Dark knowledge');
  await expect(page).toHaveURL(/[?&]section=dark-knowledge\b/);
  const hash = await page.evaluate(() => location.hash);
  await page.reload();
  await expect(studio.status).toContainText(/Ready: 10,000 digits/, { timeout: 90_000 });
  await expect(studio.tab('Dark knowledge')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: /^Dark knowledge/ })).toBeVisible();
  expect(await page.evaluate(() => location.hash)).toBe(hash);
  expect(consoleErrors).toEqual([]);
});

test('after a run: the run bar carries its headline, Results is marked new, and the Runs table fits 1280×720 and 1440×900', async ({
  studio,
  page,
  consoleErrors,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await studio.open();
  await studio.configure();
  await studio.trainTeachers();

  await test.step('a run started from another section shows the live charts; when it ends the page stays there', async () => {
    await studio.showSection('Dark knowledge');
    await studio.startDistilling();
    await expect(studio.tab('Live charts')).toHaveAttribute('aria-selected', 'true');
    await expect(studio.status).toContainText(/Done: run 1, distilled student/, { timeout: JOB_TIMEOUT });
    await expect(studio.tab('Live charts')).toHaveAttribute('aria-selected', 'true');
    await expect(studio.tab('Results')).toHaveAccessibleName('Results new');
    note('page height after one run (1280×720, Live charts)', await pageHeight(page));
  });

  let headline: { distilled: number; baseline: number; gain: string };
  await test.step("the run bar's headline: distilled vs baseline test accuracy and the gain", async () => {
    const text = page.getByText(/^Run 1: distilled /);
    await expect(text).toBeVisible();
    const match = /^Run 1: distilled (\d+\.\d\d) % · baseline (\d+\.\d\d) % · ([+−]\d+\.\d\d) points$/.exec(
      (await text.textContent()) ?? '',
    );
    expect(match, `the headline reads "${await text.textContent()}"`).not.toBeNull();
    headline = { distilled: Number(match![1]), baseline: Number(match![2]), gain: match![3]! };
    // The gain of the unrounded accuracies: within a rounding step of the shown ones' difference.
    const gain = Number(headline.gain.replace('−', '-'));
    expect(Math.abs(gain - (headline.distilled - headline.baseline))).toBeLessThanOrEqual(0.011);
    await expectWholeTexts(page, 'after a run');
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  await test.step('"See results" opens the run in Results; the figures match the headline', async () => {
    await studio.button('See results').click();
    await expect(studio.tab('Results')).toHaveAttribute('aria-selected', 'true');
    await expect(studio.tab('Results')).toHaveAccessibleName('Results');
    await expect(page.getByRole('tabpanel', { name: 'Results' })).toBeFocused();
    await expect(studio.button('See results')).toHaveCount(0);
    note('page height after one run (1280×720, Results)', await pageHeight(page));
    const runs = page.getByRole('table', { name: 'Runs', exact: true });
    const headers = await runs.getByRole('columnheader').allTextContents();
    expect(headers.slice(0, 8)).toEqual(['Run', 'Dataset', 'Loss', 'T', 'α', 'Distilled test', 'Baseline test', 'Gain (points)']);
    const cells = await runs
      .getByRole('row', { name: /^Run 1\b/ })
      .getByRole('cell')
      .allTextContents();
    const cell = (column: string) => cells[headers.indexOf(column) - 1]!;
    expect([cell('Dataset'), cell('Loss'), cell('T'), cell('α')]).toEqual(['MNIST', 'KD', '4', '0.9']);
    expect(parsePercent(cell('Distilled test'))).toBe(headline.distilled);
    expect(parsePercent(cell('Baseline test'))).toBe(headline.baseline);
    expect(cell('Gain (points)')).toBe(headline.gain);
    // The rest of the run is one click away.
    await studio.button('More about run 1').click();
    const facts = page.getByRole('definition').filter({ hasText: 'as trained' });
    await expect(facts).toBeVisible();
    await expect(studio.button('More about run 1')).toHaveAttribute('aria-expanded', 'true');
  });

  await test.step('the key columns and the actions are in view without sideways scrolling', async () => {
    await expectRunsTableFits(page, studio, { width: 1280, height: 720 });
    await expectRunsTableFits(page, studio, { width: 1440, height: 900 });
  });

  await test.step('a run ticked to compare is counted on the Compare tab, which says what else it needs', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('checkbox', { name: 'Compare run 1' }).check();
    await expect(studio.tab('Compare')).toHaveAccessibleName('Compare 1');
    await studio.showSection('Compare');
    await expect(page.getByText(/^Distill another student, then tick “Compare” on both rows in Results: /)).toBeVisible();
  });

  await test.step('after a sweep, the page is as tall as the Sweep section', async () => {
    await studio.showSection('Sweep');
    await studio.fill('Temperatures', '2, 4');
    await studio.fill('Alphas', '0.9');
    await studio.fill('Student sizes', '16');
    await studio.fill('Losses', 'kd');
    await studio.fill('Seeds', '0');
    await studio.button('Run sweep').click();
    await expect(studio.status).toContainText(/^Sweep done: 2 students/, { timeout: JOB_TIMEOUT });
    await expect(studio.tab('Sweep')).toHaveAttribute('aria-selected', 'true');
    await page.evaluate(() => window.scrollTo(0, 0));
    note('page height after a sweep (1280×720, Sweep)', await pageHeight(page));
    await studio.showSection('Live charts');
    note('page height after a sweep (1280×720, Live charts)', await pageHeight(page));
    await studio.showSection('Results');
    note('page height after a sweep (1280×720, Results)', await pageHeight(page));
  });

  expect(consoleErrors).toEqual([]);
});
