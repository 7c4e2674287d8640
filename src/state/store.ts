/**
 * The studio store: one zustand vanilla store made by a factory, so every test gets a fresh one.
 * State and actions are sliced by concern (slices/); the initial data is in initial-state.ts.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { initialState } from './initial-state';
import { backendActions, watchCrashes } from './slices/backend-slice';
import { configActions } from './slices/config-slice';
import { datasetActions } from './slices/dataset-slice';
import type { SliceContext } from './slices/context';
import { resultsActions } from './slices/results-slice';
import { runActions } from './slices/run-slice';
import { sampleActions } from './slices/sample-slice';
import { savedActions } from './slices/saved-slice';
import { teachingActions } from './slices/teaching-slice';
import { sweepActions } from './slices/sweep-slice';
import { replayActions } from './slices/replay-slice';
import { teachersActions } from './slices/teachers-slice';
import { viewActions } from './slices/view-slice';
import { throttle } from './throttle';
import type { StudioDeps, StudioState } from './types';

export type StudioStore = StoreApi<StudioState>;

export function createStudioStore(deps: StudioDeps, url: { hash: string; search: string } = { hash: '', search: '' }): StudioStore {
  let observeSaved: ((state: StudioState, previous: StudioState) => void) | null = null;
  let observeTeaching: ((state: StudioState, previous: StudioState) => void) | null = null;
  let observeView: ((state: StudioState, previous: StudioState) => void) | null = null;
  const store = createStore<StudioState>()((set, get) => {
    let jobId = 0;
    const ctx: SliceContext = {
      set,
      get,
      deps,
      sendHyperparams: throttle((hyperparams) => deps.client.setHyperparams(hyperparams), deps.hyperparamsIntervalMs ?? 100),
      nextJobId: () => ++jobId,
      currentJobId: () => jobId,
    };
    watchCrashes(ctx);
    const saved = savedActions(ctx);
    observeSaved = saved.observe;
    const { observe: _observe, ...savedIntents } = saved;
    const teaching = teachingActions(ctx);
    observeTeaching = teaching.observe;
    const { observe: _observeTeaching, ...teachingIntents } = teaching;
    const view = viewActions(ctx);
    observeView = view.observe;
    const { observe: _observeView, ...viewIntents } = view;
    return {
      ...savedIntents,
      ...teachingIntents,
      ...viewIntents,
      ...initialState(url),
      ...configActions(ctx),
      ...backendActions(ctx),
      ...datasetActions(ctx),
      ...runActions(ctx),
      ...resultsActions(ctx),
      ...sampleActions(ctx),
      ...teachersActions(ctx),
      ...sweepActions(ctx),
      ...replayActions(ctx),
    };
  });
  // Saving follows the state: every change is written by the saved-data observer (slices/saved-slice.ts).
  store.subscribe((state, previous) => {
    // Saved data is the studio's; teaching mode keeps its 2D work on the page.
    if (state.mode === 'studio') observeSaved?.(state, previous);
    observeTeaching?.(state, previous);
    observeView?.(state, previous);
  });
  return store;
}
