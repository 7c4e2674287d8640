/**
 * Keeps the URL in step with the store, Playground-style: the config in the hash (a shareable,
 * reproducible link, seed included), the backend in `?backend=`, the section shown in `?section=`
 * (so a reload shows the same one). A pasted link is applied too;
 * while a job runs, only what can change live (T and alpha during distillation) is taken from
 * it, and otherwise the hash is put back with a notice saying why.
 */
import { DEFAULT_CONFIG, LIVE_SETTINGS, settingLabel, type ExperimentConfig } from '../core/settings/config';
import { configFromHash, configToHash } from '../core/settings/hash';
import { withSection } from './sections';
import { isRunning } from './selectors';
import type { StudioStore } from './store';
import { toyFromHash, toyToHash } from './teaching';
import type { StudioState } from './types';

/** The settings in which two configs differ. */
export function changedKeys(a: ExperimentConfig, b: ExperimentConfig): (keyof ExperimentConfig)[] {
  return (Object.keys(DEFAULT_CONFIG) as (keyof ExperimentConfig)[]).filter((k) => a[k] !== b[k]);
}

/**
 * Applies a hash the user edited or pasted. Returns the notice to show when (some of) it could
 * not be applied, else null.
 */
export function applyHash(store: StudioStore, hash: string): string | null {
  const state = store.getState();
  const next = configFromHash(hash);
  const changed = changedKeys(state.config, next);
  if (changed.length === 0) return null;
  if (!isRunning(state)) {
    state.replaceConfig(next);
    return null;
  }
  const live = state.job === 'distill' ? changed.filter((k) => (LIVE_SETTINGS as readonly string[]).includes(k)) : [];
  if (live.includes('temperature')) state.setTemperature(next.temperature);
  if (live.includes('alpha')) state.setAlpha(next.alpha);
  const refused = changed.filter((k) => !live.includes(k));
  if (refused.length === 0) return null;
  const what = state.job === 'teachers' ? 'the teachers are training' : 'the student is training';
  return (
    `The link's ${refused.map(settingLabel).join(', ')} ${refused.length === 1 ? 'was' : 'were'} not applied: ${what}. ` +
    (state.job === 'distill' ? `Only ${LIVE_SETTINGS.map(settingLabel).join(' and ')} can change during a run; ` : '') +
    'stop the job or wait for it, then edit the link again.'
  );
}

/** The hash of the state: the config, and in teaching mode the 2D dataset's settings after it. */
export function stateHash(state: Pick<StudioState, 'config' | 'mode' | 'toy'>): string {
  const config = configToHash(state.config);
  return state.mode === 'teaching' ? `${config}&${toyToHash(state.toy)}` : config;
}

export function syncUrl(store: StudioStore, win: Window = window, delayMs = 200): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    timer = null;
    const { backendRequest, mode, section } = store.getState();
    const url = new URL(win.location.href);
    if (backendRequest === 'auto') url.searchParams.delete('backend');
    else url.searchParams.set('backend', backendRequest);
    // Teaching mode has no sections.
    withSection(url.searchParams, mode === 'studio' ? section : null);
    url.hash = stateHash(store.getState());
    if (url.href !== win.location.href) win.history.replaceState(win.history.state, '', url);
  };
  const unsubscribe = store.subscribe((state, previous) => {
    // A tab is a click, not typing: written at once, so a reload right after it shows that section.
    if (state.section !== previous.section) {
      if (timer !== null) clearTimeout(timer);
      write();
      return;
    }
    if (state.config === previous.config && state.backendRequest === previous.backendRequest && state.toy === previous.toy) return;
    if (timer === null) timer = setTimeout(write, delayMs);
  });
  const onHashChange = () => {
    const hash = win.location.hash.replace(/^#/, '');
    if (hash === stateHash(store.getState())) return;
    const notice = applyHash(store, hash);
    const toy = toyFromHash(hash);
    if (store.getState().mode === 'teaching' && !notice && toyToHash(toy) !== toyToHash(store.getState().toy))
      void store.getState().setToy(toy);
    if (notice) {
      store.getState().notify(notice);
      write(); // the hash shows what runs, not what was refused
    }
  };
  win.addEventListener('hashchange', onHashChange);
  write();
  return () => {
    unsubscribe();
    win.removeEventListener('hashchange', onHashChange);
    if (timer !== null) clearTimeout(timer);
  };
}
