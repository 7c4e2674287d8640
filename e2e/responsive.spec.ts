/**
 * Training runs in the worker, so the page stays usable: its event loop keeps ticking and a click
 * is answered at once while the teachers train. A functional check of "not blocked", not a benchmark.
 */
import { expect, JOB_TIMEOUT, test } from './fixtures';

/** Longest pause the page's event loop may take while the worker trains. */
const MAX_GAP_MS = 500;

declare global {
  interface Window {
    heartbeat?: { ticks: number; maxGap: number; longTasks: number[]; stop(): void };
  }
}

test('the page stays responsive while the teachers train', async ({ studio, page, consoleErrors }) => {
  await studio.open();
  await studio.configure({ ensembleSize: 2, studentEpochs: 1 });

  // A 50 ms setTimeout heartbeat, plus long tasks as the browser reports them.
  await page.evaluate(() => {
    const beat = { ticks: 0, maxGap: 0, longTasks: [] as number[], stop: () => {} };
    let last = performance.now();
    let timer = 0;
    const tick = () => {
      const now = performance.now();
      beat.maxGap = Math.max(beat.maxGap, now - last);
      beat.ticks++;
      last = now;
      timer = window.setTimeout(tick, 50);
    };
    timer = window.setTimeout(tick, 50);
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => beat.longTasks.push(Math.round(e.duration))));
    observer.observe({ type: 'longtask' });
    beat.stop = () => {
      clearTimeout(timer);
      observer.disconnect();
    };
    window.heartbeat = beat;
  });

  await studio.button('Train teachers').click();
  await expect(studio.status).toContainText(/Training teacher 1 of 2/, { timeout: JOB_TIMEOUT });

  // While the worker is busy, the page answers a click straight away.
  const where = page.getByText(/test digit [\d,]+ of/);
  const before = await where.textContent();
  const clicked = Date.now();
  await studio.button('Next sample').click();
  await expect(where).not.toHaveText(before ?? '', { timeout: 2_000 });
  const answeredMs = Date.now() - clicked;
  await expect(studio.status, 'the click landed while the teachers were still busy').not.toContainText('Done:');

  await expect(studio.status).toContainText(/Done: 2 teachers trained/, { timeout: JOB_TIMEOUT });
  const beat = await page.evaluate(() => {
    const b = window.heartbeat!;
    b.stop();
    return { ticks: b.ticks, maxGap: Math.round(b.maxGap), longTasks: b.longTasks };
  });
  test.info().annotations.push({
    type: 'heartbeat',
    description: `${beat.ticks} ticks, longest gap ${beat.maxGap} ms, long tasks ${JSON.stringify(beat.longTasks)}, click answered in ${answeredMs} ms`,
  });
  expect(beat.ticks, 'the heartbeat ran during training').toBeGreaterThan(10);
  expect(beat.maxGap, `longest gap between 50 ms heartbeats (${JSON.stringify(beat)})`).toBeLessThan(MAX_GAP_MS);
  expect(Math.max(0, ...beat.longTasks), 'longest main-thread task').toBeLessThan(MAX_GAP_MS);
  expect(consoleErrors).toEqual([]);
});
