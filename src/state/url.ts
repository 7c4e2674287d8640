/**
 * Keeps the URL in step with the store, Playground-style: the config in the hash (a shareable,
 * reproducible link, seed included), the backend in `?backend=`. A pasted link is applied too.
 */
import { configFromHash, configToHash } from '../core/config';
import type { StudioStore } from './store';

export function syncUrl(store: StudioStore, win: Window = window, delayMs = 200): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    timer = null;
    const { config, backendRequest } = store.getState();
    const url = new URL(win.location.href);
    if (backendRequest === 'auto') url.searchParams.delete('backend');
    else url.searchParams.set('backend', backendRequest);
    url.hash = configToHash(config);
    if (url.href !== win.location.href) win.history.replaceState(win.history.state, '', url);
  };
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.config === previous.config && state.backendRequest === previous.backendRequest) return;
    if (timer === null) timer = setTimeout(write, delayMs);
  });
  const onHashChange = () => {
    const hash = win.location.hash.replace(/^#/, '');
    if (hash === configToHash(store.getState().config)) return;
    store.getState().replaceConfig(configFromHash(hash));
  };
  win.addEventListener('hashchange', onHashChange);
  write();
  return () => {
    unsubscribe();
    win.removeEventListener('hashchange', onHashChange);
    if (timer !== null) clearTimeout(timer);
  };
}
