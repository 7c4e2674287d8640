/**
 * The URL hash round trip: the store writes its config to the hash (a shareable link), a link
 * pasted or edited is read back; while a job runs only T and alpha are taken from it (live), the
 * rest is put back with a notice. A fake window stands in for the browser's.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../core/settings/config';
import { configFromHash, configToHash } from '../core/settings/hash';
import { distillProgress, readyStore, teacherResult } from '../../test-support/store';
import { syncUrl } from './url';
import { makeStore } from '../../test-support/store';

class FakeWindow {
  href: string;
  private listeners: (() => void)[] = [];
  history = { state: null, replaceState: (_state: unknown, _title: string, url: URL) => (this.href = url.href) };

  constructor(href: string) {
    this.href = href;
  }
  get location() {
    const url = new URL(this.href);
    return { href: this.href, hash: url.hash };
  }
  addEventListener(_type: 'hashchange', listener: () => void) {
    this.listeners.push(listener);
  }
  removeEventListener() {}
  /** The user edits the hash in the address bar. */
  editHash(hash: string) {
    const url = new URL(this.href);
    url.hash = hash;
    this.href = url.href;
    this.listeners.forEach((l) => l());
  }
  get hash(): string {
    return new URL(this.href).hash.slice(1);
  }
}

afterEach(() => vi.useRealTimers());

describe('the URL hash', () => {
  it('carries the whole config, seed included, and the backend in ?backend=', async () => {
    vi.useFakeTimers();
    const { store } = await readyStore();
    const win = new FakeWindow('http://localhost:5173/');
    syncUrl(store, win as unknown as Window, 10);
    expect(configFromHash(win.hash)).toEqual(DEFAULT_CONFIG);
    store.getState().setParam('seed', '42');
    store.getState().setFlag('keepBestEpoch', false);
    vi.advanceTimersByTime(20);
    expect(configFromHash(win.hash)).toEqual({ ...DEFAULT_CONFIG, seed: 42, keepBestEpoch: false });
  });

  it('a pasted link replaces the config when nothing runs', async () => {
    const { store } = await readyStore();
    const win = new FakeWindow('http://localhost:5173/');
    syncUrl(store, win as unknown as Window, 10);
    const shared = { ...DEFAULT_CONFIG, ensembleSize: 2, teacherArch: 'mixed' as const, temperature: 8 };
    win.editHash(configToHash(shared));
    expect(store.getState().config).toEqual(shared);
  });

  it('during a distillation T and alpha apply live; other settings are put back, with a notice saying why', async () => {
    vi.useFakeTimers();
    const { store, client } = await readyStore();
    const win = new FakeWindow('http://localhost:5173/');
    syncUrl(store, win as unknown as Window, 10);
    client.teacherJob.resolve(teacherResult(2));
    await store.getState().trainTeachers();
    void store.getState().distill();
    client.distillProgress?.(distillProgress([]));

    win.editHash(configToHash({ ...store.getState().config, temperature: 9 }));
    expect(store.getState().config.temperature).toBe(9);
    expect(client.hyperparams.at(-1)).toEqual({ temperature: 9, alpha: 0.9 });
    expect(store.getState().notice).toBeNull();

    win.editHash(configToHash({ ...store.getState().config, studentHidden: '128-64', alpha: 0.5 }));
    expect(store.getState().config).toMatchObject({ studentHidden: DEFAULT_CONFIG.studentHidden, alpha: 0.5 });
    expect(store.getState().notice).toMatch(
      /^The link's Student hidden layers was not applied: the student is training\. Only Temperature and Alpha/,
    );
    expect(configFromHash(win.hash).studentHidden).toBe(DEFAULT_CONFIG.studentHidden); // the hash shows what runs
  });

  it('during teacher training nothing is taken from an edited link', async () => {
    const { store } = await readyStore();
    const win = new FakeWindow('http://localhost:5173/');
    syncUrl(store, win as unknown as Window, 10);
    void store.getState().trainTeachers();
    win.editHash(configToHash({ ...store.getState().config, temperature: 9 }));
    expect(store.getState().config.temperature).toBe(DEFAULT_CONFIG.temperature);
    expect(store.getState().notice).toMatch(/Temperature was not applied: the teachers are training/);
  });
});

describe('the section shown', () => {
  it('is read from ?section= and written back beside the backend, the config staying in the hash', async () => {
    vi.useFakeTimers();
    const { store } = await readyStore({ search: '?backend=wasm&section=sweep' });
    expect(store.getState().section).toBe('sweep');
    const win = new FakeWindow('http://localhost:5173/?backend=wasm&section=sweep');
    syncUrl(store, win as unknown as Window, 10);
    store.getState().showSection('results');
    // At once, not after the typing delay: a reload right after the click shows that section.
    const url = new URL(win.href);
    expect(url.searchParams.get('section')).toBe('results');
    expect(url.searchParams.get('backend')).toBe('wasm');
    expect(configFromHash(win.hash)).toEqual(DEFAULT_CONFIG);
    // The default section leaves the link plain.
    store.getState().showSection('live');
    expect(new URL(win.href).searchParams.has('section')).toBe(false);
  });

  it('an unknown section opens the live charts; teaching mode writes none', () => {
    expect(makeStore({ search: '?section=nonsense' }).store.getState().section).toBe('live');
    const { store } = makeStore({ search: '?mode=teaching&section=results' });
    const win = new FakeWindow('http://localhost:5173/?mode=teaching&section=results');
    syncUrl(store, win as unknown as Window, 10);
    expect(new URL(win.href).searchParams.has('section')).toBe(false);
  });
});
