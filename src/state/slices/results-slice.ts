/** The runs of this page, the one shown in detail, and the model downloads (built on the page from each run's weights). */
import { describeModel, modelFileName } from '../../core/export';
import { errorMessage } from '../../page/client';
import type { ResultsSlice } from '../types';
import type { SliceContext } from './context';

export function resultsActions({ set, get, deps }: SliceContext): Pick<ResultsSlice, 'selectRun' | 'downloadModel'> {
  return {
    selectRun(id) {
      set({ selectedRunId: id });
    },

    downloadModel(runId, which) {
      const run = get().runs.find((r) => r.id === runId);
      if (!run) {
        set({ error: 'There is no such run to download: distill a student first.' });
        return;
      }
      try {
        const metadata = describeModel(which === 'student' ? 'distilled student' : 'baseline student', {
          classNames: run.classNames,
          results: run.result.results,
          config: run.config,
          teacherConfig: run.teacherConfig,
          createdAt: run.createdAt,
        });
        const fileName = modelFileName(metadata);
        deps.saveModel(fileName, which === 'student' ? run.result.student : run.result.baseline, metadata);
        set({ status: `Saved ${fileName} (the ${metadata.model} of run ${run.id}).` });
      } catch (error) {
        set({ error: `Could not build the download: ${errorMessage(error)}` });
      }
    },
  };
}
