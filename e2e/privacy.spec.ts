/**
 * Nothing leaves the machine, nothing foreign runs: a whole visit — open, import a file, train two
 * small teachers, distil a student, export the run and a chart, download the student, reload (the
 * saved work comes back from IndexedDB) — asks nothing of any origin but the app's own, from the page
 * or from its workers, and trips no part of the Content-Security-Policy (vite.config.ts), which the
 * served pages carry both as a header and as a <meta>.
 */
import { expect, test } from './fixtures';

test.beforeEach(({ backend }) => {
  test.skip(backend !== 'wasm', 'what the page asks for does not depend on the backend; the flow spec starts WebGPU under the same policy');
});

/** Same origin as the app: blob: URLs count as their creator's origin; data: URLs carry their content and ask no one. */
function isOwn(url: string, origin: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'data:' || parsed.origin === origin;
}

test("a whole visit asks only the app's own origin, from the page and its workers, and breaks no policy", async ({
  studio,
  page,
  context,
  baseURL,
  consoleErrors,
}) => {
  const origin = new URL(baseURL!).origin;

  // Every request of the visit. The context's event also reports the workers' own: the compute worker's
  // fetches of the dataset and the .wasm binaries, and the blob: scripts of tfjs's threads.
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));

  // Policy violations: the page's fire a securitypolicyviolation event (the binding outlives the reload) …
  const violations: string[] = [];
  await page.exposeFunction('reportPolicyViolation', (violation: string) => violations.push(`page: ${violation}`));
  await page.addInitScript(() => {
    const report = (window as unknown as { reportPolicyViolation: (violation: string) => Promise<void> }).reportPolicyViolation;
    window.addEventListener('securitypolicyviolation', (event) => {
      void report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  // … the workers' fire none the page can hear (a blocked blob: worker just never starts); Chromium logs
  // both kinds, and its log reaches this page's DevTools session, workers included.
  const devtools = await context.newCDPSession(page);
  devtools.on('Log.entryAdded', ({ entry }) => {
    if (/Content Security Policy/i.test(entry.text)) violations.push(`${entry.source} log: ${entry.text}`);
  });
  await devtools.send('Log.enable');

  await test.step('open: the threaded WASM backend starts under the policy', async () => {
    await studio.open();
    // Its pthreads are blob: workers that importScripts() a blob:, the worker-only sources of the header.
    await expect(page.getByText(/^Running on /)).toContainText(/, [2-9] threads$/); // every core, not tfjs's half (src/worker/backend.ts)
  });

  await test.step('import teacher logits, then train two small teachers and distil a student', async () => {
    // An import goes through the worker like any other file (refused here: 2 rows for 10,000 samples, but read and parsed).
    await page.locator('summary', { hasText: 'Teachers from files' }).click();
    await page
      .getByLabel('Import teacher logits')
      .setInputFiles({ name: 'logits.csv', mimeType: 'text/csv', buffer: Buffer.from('1,2\n3,4\n') });
    await expect(page.getByRole('alert')).toContainText('logits.csv');
    await studio.configure({ ensembleSize: 2 });
    await studio.trainTeachers();
    await studio.startDistilling();
    await studio.waitForStudent();
  });

  await test.step('export the run and a chart, and download the distilled student (Blobs saved from the page)', async () => {
    for (const [section, name] of [
      ['Results', 'Export run 1 metrics (CSV)'],
      ['Live charts', 'Save Loss chart as PNG'],
    ] as const) {
      await studio.showSection(section);
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
      expect(await file.failure(), `${name} completes`).toBeNull();
    }
    await studio.showSection('Results');
    const [download] = await Promise.all([page.waitForEvent('download'), studio.button('Download distilled student').click()]);
    expect(await download.failure(), 'the download completes').toBeNull();
    expect(download.suggestedFilename()).toMatch(/^student-.*\.zip$/);
  });

  await test.step('reload: the saved teachers and run come back from IndexedDB, and nothing went anywhere else', async () => {
    await page.reload();
    await expect(studio.status).toContainText(/Ready: 10,000 digits.*restored from your last visit: the teachers and 1 run/, {
      timeout: 90_000,
    });
    await studio.expectBackend();
  });

  const paths = requests.filter((url) => url.startsWith(origin)).map((url) => new URL(url).pathname);
  expect(
    paths.filter((path) => path.endsWith('.wasm')),
    'the workers’ .wasm fetches are recorded',
  ).not.toHaveLength(0);
  expect(paths, 'the dataset is fetched, from the app').toContain('/data/mnist.bin');
  expect(
    requests.filter((url) => !isOwn(url, origin)),
    `every request goes to ${origin}`,
  ).toEqual([]);
  expect(sockets, 'no WebSocket').toEqual([]);
  expect(workers.length, 'the compute worker and its threads, before and after the reload').toBeGreaterThan(2);
  expect(
    workers.filter((url) => !isOwn(url, origin)),
    'every worker is the app’s own script or a blob: it made',
  ).toEqual([]);
  expect(violations, 'no Content-Security-Policy violation, on the page or in a worker').toEqual([]);
  expect(consoleErrors, 'no console errors or page errors during the visit').toEqual([]);
});

test('the served pages carry the policy: a header, and a <meta> above every script', async ({ page }) => {
  for (const path of ['/', '/bench.html']) {
    const response = await page.request.get(path);
    expect(response.ok(), `${path} answers`).toBe(true);
    const header = response.headers()['content-security-policy'] ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "worker-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
    ])
      expect(header, `${path}: the header has ${directive}`).toContain(directive);
    // Cross-origin isolation (the WASM backend's threads) is still there beside it.
    expect(response.headers()['cross-origin-embedder-policy']).toBe('require-corp');

    const html = await response.text();
    const meta = html.indexOf('<meta http-equiv="Content-Security-Policy"');
    expect(meta, `${path}: the page carries the policy's <meta>`).toBeGreaterThan(0);
    expect(meta, `${path}: the <meta> comes before the first script`).toBeLessThan(html.indexOf('<script'));
  }

  await page.goto('/');
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("script-src 'self'");
  expect(meta).toContain("object-src 'none'");
  expect(meta, 'frame-ancestors is ignored in a <meta>: the header has it').not.toContain('frame-ancestors');
  expect(meta, 'the page itself needs no blob: script or worker').not.toContain('blob:');
});
