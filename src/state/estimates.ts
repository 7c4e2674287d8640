/**
 * Keeps the expected job times fresh: when the settings, the dataset or the teachers change, or the
 * worker becomes ready (on a backend), the store asks the worker again (debounced, so typing does
 * not start a probe per key). An answer is kept with the settings, dataset and backend it is for.
 */
import type { StudioStore } from './store';

export function watchEstimates(store: StudioStore, delayMs = 600): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void store.getState().refreshEstimate();
    }, delayMs);
  };
  const unsubscribe = store.subscribe((state, previous) => {
    const ready = state.datasetSummary !== null && state.workerState === 'ready' && state.job === 'idle';
    const becameReady =
      ready &&
      (previous.datasetSummary === null || previous.workerState !== 'ready' || previous.job === 'booting' || previous.job === 'restarting');
    const changed =
      state.config !== previous.config ||
      state.sweepLists !== previous.sweepLists ||
      state.datasetId !== previous.datasetId ||
      state.datasetSummary !== previous.datasetSummary ||
      state.backend !== previous.backend ||
      state.teachers !== previous.teachers;
    if (becameReady || (ready && changed)) schedule();
  });
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
