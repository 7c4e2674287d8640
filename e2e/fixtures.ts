/**
 * Shared fixtures: the backend a project forces (`?backend=`), a log of console errors, and a
 * small page object that drives the studio as a person would — by accessible names.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export type ForcedBackend = 'wasm' | 'webgpu';

export interface BackendOptions {
  /** Set per project in playwright.config.ts. */
  backend: ForcedBackend;
}

/** What the badge says, per backend (src/state/format.ts, backendLabel). */
const BADGE: Record<ForcedBackend, string> = { wasm: 'WASM', webgpu: 'WebGPU' };

/** The settings a spec types in; the optional ones are left at their defaults when absent. */
export interface SmallRun {
  ensembleSize: number;
  teacherEpochs: number;
  teacherHidden: number;
  studentEpochs: number;
  studentHidden: number;
  learningRate?: number;
  trainPercent?: number;
}

export const SMALL_RUN: SmallRun = { ensembleSize: 1, teacherEpochs: 1, teacherHidden: 32, studentEpochs: 3, studentHidden: 16 };

/**
 * The same small run, sized for the backend. WebGPU on SwiftShader trains about 5× slower than
 * WASM here (one teacher epoch ≈ 14 s vs 1 s), so it trains on a quarter of the training split
 * with a higher learning rate: about 45 s for the whole flow, still well above 50 % accuracy.
 */
export function smallRun(backend: ForcedBackend, overrides: Partial<SmallRun> = {}): SmallRun {
  const quick = backend === 'webgpu' ? { trainPercent: 25, learningRate: 0.005 } : {};
  return { ...SMALL_RUN, ...quick, ...overrides };
}

/** "… Entropy: 0.05 bits at T = 1, 1.20 bits at T = 4 (at most 3.32)." (the soft-label stats line) → 1.2 */
export function entropyAtT(stats: string | null): number {
  const match = /, ([\d.]+) bits at T = [\d.]+ \(/.exec(stats ?? '');
  if (!match) throw new Error(`no entropy at T in "${stats}"`);
  return Number(match[1]);
}

/** Generous because WebGPU runs on a software rasteriser here. */
export const JOB_TIMEOUT = 150_000;

/** The sections beside the setup column, by their tabs' names (src/state/sections.ts). */
export type SectionName = 'Live charts' | 'Results' | 'Ensemble' | 'Dark knowledge' | 'Sweep' | 'Compare';

export class Studio {
  constructor(
    readonly page: Page,
    readonly backend: ForcedBackend,
  ) {}

  get status(): Locator {
    return this.page.getByRole('status');
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  slider(name: 'Temperature' | 'Alpha'): Locator {
    return this.page.getByRole('slider', { name, exact: true });
  }

  chart(name: 'Soft labels' | 'Loss' | 'Accuracy' | 'Temperature and alpha per batch' | 'Teacher loss'): Locator {
    return this.page.getByRole('img', { name, exact: true });
  }

  /** A section's tab (its name may carry a badge: "Results new", "Compare 2"). */
  tab(name: SectionName): Locator {
    return this.page.getByRole('tab', { name: new RegExp(`^${name}\\b`) });
  }

  /** Shows a section by clicking its tab, as a person would; waits until it is shown. */
  async showSection(name: SectionName): Promise<void> {
    const tab = this.tab(name);
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await expect(this.page.getByRole('tabpanel', { name: new RegExp(`^${name}\\b`) })).toBeVisible();
  }

  get results(): Locator {
    return this.page.getByRole('table', { name: 'Results', exact: true });
  }

  /**
   * One of a run's figures that the Runs table keeps under "More" (Date, Student, Teachers, Soft
   * targets from, Ensemble test, Ensemble ECE, Distilled ECE, Baseline ECE): opens the run's row and reads it.
   */
  async runFact(run: number, term: string): Promise<string> {
    const more = this.button(`More about run ${run}`);
    if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
    const facts = this.page.locator(`[id="${await more.getAttribute('aria-controls')}"]`);
    const item = facts.locator('div', { has: this.page.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }) });
    return ((await item.getByRole('definition').textContent()) ?? '').trim();
  }

  resultRow(name: 'Teacher ensemble' | 'Distilled student' | 'Baseline student'): Locator {
    return this.results.getByRole('row', { name: new RegExp(`^${name}\\b`) });
  }

  /** Opens the studio on the forced backend and waits until the dataset is in the worker. */
  async open(): Promise<void> {
    await this.page.goto(`/?backend=${this.backend}`);
    await expect(this.status).toContainText(/Ready: 10,000 digits/, { timeout: 90_000 });
    await this.expectBackend();
  }

  /** Fails with the app's own explanation if the worker fell back to another backend. */
  async expectBackend(expected: ForcedBackend = this.backend): Promise<void> {
    const badge = this.page.getByText(/^Running on /);
    await expect(badge).toBeVisible();
    const text = (await badge.textContent()) ?? '';
    if (!text.includes(`Running on ${BADGE[expected]}`)) {
      const skipped = await this.page
        .locator('.backend-info__skipped')
        .textContent()
        .catch(() => null);
      throw new Error(
        `Asked for ${BADGE[expected]} with ?backend=${expected}, but the badge says "${text.trim()}". ` +
          `Skipped backends: ${skipped?.trim() || 'none listed'}. ` +
          'For WebGPU, Chromium needs --enable-unsafe-webgpu --enable-features=Vulkan and a localhost URL.',
      );
    }
  }

  /** Opens the collapsed "Training settings" section (learning rate, batch size, training images, seed, optimizer). */
  async openTrainingSettings(): Promise<void> {
    const summary = this.page.locator('summary', { hasText: 'Training settings' });
    const details = this.page.locator('details', { has: summary });
    if ((await details.getAttribute('open')) === null) await summary.click();
    await expect(this.field('Learning rate')).toBeVisible();
  }

  /** Reopens the teacher settings after training (they fold into a summary line). */
  async openTeacherSettings(): Promise<void> {
    const edit = this.page.getByRole('button', { name: 'Edit teacher settings', exact: true });
    if (await edit.isVisible()) await edit.click();
    await expect(this.field('Ensemble size')).toBeVisible();
  }

  async fill(label: string, value: string | number): Promise<void> {
    const input = this.field(label);
    await input.fill(String(value));
    await expect(input).toHaveValue(String(value));
  }

  /** Types a run's settings into the studio's inputs, by their labels. */
  async configure(overrides: Partial<SmallRun> = {}): Promise<void> {
    const run = smallRun(this.backend, overrides);
    if (run.trainPercent !== undefined || run.learningRate !== undefined) await this.openTrainingSettings();
    if (run.trainPercent !== undefined) await this.fill('Training images (%)', run.trainPercent);
    if (run.learningRate !== undefined) await this.fill('Learning rate', run.learningRate);
    await this.openTeacherSettings();
    await this.fill('Ensemble size', run.ensembleSize);
    await this.fill('Teacher epochs', run.teacherEpochs);
    await this.fill('Teacher hidden units', run.teacherHidden);
    await this.fill('Student epochs', run.studentEpochs);
    await this.fill('Student hidden layers', run.studentHidden);
  }

  async trainTeachers(): Promise<void> {
    await expect(this.button('Train teachers')).toBeEnabled();
    await this.button('Train teachers').click();
    await expect(this.status).toContainText(/Done: \d+ teachers? trained/, { timeout: JOB_TIMEOUT });
  }

  async startDistilling(): Promise<void> {
    await expect(this.button('Distill student')).toBeEnabled();
    await this.button('Distill student').click();
  }

  /** Waits for the run to finish, then opens Results (the page stays where it is by itself) and sees its table. */
  async waitForStudent(): Promise<void> {
    await expect(this.status).toContainText(/(Done|Stopped): run \d+, distilled student/, { timeout: JOB_TIMEOUT });
    await this.showSection('Results');
    await expect(this.results).toBeVisible();
  }

  /** The drawn y coordinates (SVG pixels, down is larger) of one of the loss chart's lines, in x order. */
  async lossLine(term: 'total' | 'softTerm' | 'hardTerm' | 'baseline'): Promise<{ x: number; y: number }[]> {
    const d = await this.chart('Loss').locator(`.loss-line--${term} path.chart-line`).getAttribute('d');
    return svgPoints(d ?? '');
  }

  /** "97.35 %" in the row's Test accuracy cell → 97.35 (from the Results section, opened if it is not shown). */
  async testAccuracy(row: 'Teacher ensemble' | 'Distilled student' | 'Baseline student'): Promise<number> {
    if ((await this.tab('Results').getAttribute('aria-selected')) !== 'true') await this.showSection('Results');
    const headers = await this.results.getByRole('columnheader').allTextContents();
    const column = headers.indexOf('Test accuracy');
    expect(column, 'the Results table has a "Test accuracy" column').toBeGreaterThan(0);
    // The row header is the first cell of the row; data cells follow in column order.
    const cell = this.resultRow(row)
      .getByRole('cell')
      .nth(column - 1);
    return parsePercent(await cell.textContent());
  }
}

/** The points of an SVG line path (M/L commands, a Z after a lone point before a gap: d3-shape's line via linePath in src/ui/charts/svg/scale.ts). */
export function svgPoints(d: string): { x: number; y: number }[] {
  const numbers = d.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)?.map(Number) ?? [];
  const points: { x: number; y: number }[] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) points.push({ x: numbers[i]!, y: numbers[i + 1]! });
  return points;
}

export function parsePercent(text: string | null): number {
  const match = /(-?\d+(?:\.\d+)?)\s*%/.exec(text ?? '');
  if (!match) throw new Error(`no percentage in "${text}"`);
  return Number(match[1]);
}

interface Fixtures {
  studio: Studio;
  /** Console errors and uncaught page errors seen so far (assert it is empty at the end). */
  consoleErrors: string[];
}

export const test = base.extend<Fixtures & BackendOptions>({
  backend: ['wasm', { option: true }],
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      errors.push(`console.error: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    await use(errors);
  },
  studio: async ({ page, backend, consoleErrors }, use) => {
    void consoleErrors; // start listening before the first navigation
    await use(new Studio(page, backend));
  },
});

export { expect };
