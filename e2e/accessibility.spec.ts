/**
 * Accessibility after use, not only at load: a visit with two runs (one DKD), a sweep, a
 * comparison and a CSV preview, then axe-core on every section as it is shown (a hidden tab panel is
 * not checked until it is shown), with the rules that flag a label whose visible text is not in the
 * control's name; and no visible text under 12 px anywhere.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, JOB_TIMEOUT, test, type SectionName } from './fixtures';

test.use({ viewport: { width: 1280, height: 720 } });

/** Serious and critical violations of every rule axe has, experimental ones included, as "rule: target — why" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1] ?? ''}`));
}

/** Visible elements whose own text is set in under 12 px, as "tag.class 'text' (size)". */
const smallTexts = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement | SVGElement>('*'))) {
      const own = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent?.trim() ?? '')
        .join('');
      if (!own) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || el.closest('.visually-hidden, [hidden]')) continue;
      const size = parseFloat(style.fontSize);
      if (size < 12) found.push(`${el.tagName.toLowerCase()}.${String(el.getAttribute('class') ?? '')} '${own.slice(0, 30)}' (${size} px)`);
    }
    return found;
  });

const SECTIONS: SectionName[] = ['Live charts', 'Results', 'Ensemble', 'Dark knowledge', 'Sweep', 'Compare'];

test('after two runs, a sweep, a comparison and an import: no serious or critical axe violation, no text under 12 px', async ({
  page,
  studio,
  backend,
  consoleErrors,
}) => {
  test.skip(backend !== 'wasm', 'accessibility does not depend on the backend');
  test.setTimeout(420_000);
  await studio.open();
  await studio.configure();
  await studio.trainTeachers();

  await test.step('two runs, the second with DKD', async () => {
    await studio.startDistilling();
    await studio.waitForStudent();
    await page.getByRole('combobox', { name: 'Loss', exact: true }).selectOption('dkd');
    await studio.startDistilling();
    await expect(studio.status).toContainText(/Done: run 2, distilled student/, { timeout: JOB_TIMEOUT });
  });

  await test.step('a sweep of two students', async () => {
    await page.getByRole('combobox', { name: 'Loss', exact: true }).selectOption('kd');
    await studio.showSection('Sweep');
    await studio.fill('Temperatures', '2, 4');
    await studio.fill('Alphas', '0.9');
    await studio.fill('Student sizes', '16');
    await studio.fill('Losses', 'kd');
    await studio.fill('Seeds', '0');
    await studio.button('Run sweep').click();
    await expect(studio.status).toContainText(/^Sweep done: 2 students/, { timeout: JOB_TIMEOUT });
  });

  await test.step('a comparison of the two runs', async () => {
    await studio.showSection('Results');
    for (const run of [1, 2]) await page.getByRole('checkbox', { name: `Compare run ${run}` }).check();
    await page.getByRole('button', { name: 'Compare them' }).click();
    await expect(page.getByRole('table', { name: /^Runs compared/ })).toBeVisible();
  });

  await test.step('a CSV previewed under the picker', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${(i % 3) + Math.random() / 10},${i % 2},${['a', 'b', 'c'][i % 3]}`);
    await page.getByLabel('Import dataset files').setInputFiles({
      name: 'small.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`x,y,label\n${rows.join('\n')}\n`),
    });
    await expect(page.getByRole('button', { name: 'Use this dataset' })).toBeVisible({ timeout: 30_000 });
  });

  for (const section of SECTIONS) {
    await test.step(`axe and text sizes in ${section}`, async () => {
      await studio.showSection(section);
      expect(await seriousViolations(page), section).toEqual([]);
      expect(await smallTexts(page), section).toEqual([]);
    });
  }
  expect(consoleErrors).toEqual([]);
});
