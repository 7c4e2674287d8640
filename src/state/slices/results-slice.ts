/** The runs of this page, the one shown in detail, and the model downloads (built on the page from each run's weights). */
import { modelFileName, onnxDescription, onnxFileName } from '../../core/export';
import { buildOnnx } from '../../core/onnx';
import { quantizeModel } from '../../core/quantize';
import { errorMessage } from '../../page/client';
import { downloadMetadata } from '../downloads';
import type { ResultsSlice } from '../types';
import type { SliceContext } from './context';

export function resultsActions({ set, get, deps }: SliceContext): Pick<ResultsSlice, 'selectRun' | 'downloadModel' | 'downloadOnnx'> {
  /** The run to download from, or null with the alert saying so. */
  const findRun = (runId: number) => {
    const run = get().runs.find((r) => r.id === runId) ?? null;
    if (!run) set({ error: 'There is no such run to download: distill a student first.' });
    return run;
  };

  return {
    selectRun(id) {
      set({ selectedRunId: id });
    },

    downloadModel(runId, which, weights = 'float32') {
      const run = findRun(runId);
      if (!run) return;
      const metadata = downloadMetadata(run, which, weights);
      if (!metadata) {
        const why = which === 'baseline' ? 'the baseline is offered with float32 weights only' : `no ${weights} student was measured`;
        set({ error: `Cannot download that from run ${run.id}: ${why}.` });
        return;
      }
      try {
        const fileName = modelFileName(metadata);
        const model = which === 'student' ? quantizeModel(run.result.student, weights) : run.result.baseline;
        deps.saveModel(fileName, model, metadata);
        set({
          status: `Saved ${fileName} (the ${metadata.model} of run ${run.id}${weights === 'float32' ? '' : `, ${weights} weights`}).`,
        });
      } catch (error) {
        set({ error: `Could not build the download: ${errorMessage(error)}` });
      }
    },

    downloadOnnx(runId, which) {
      const run = findRun(runId);
      if (!run) return;
      try {
        const metadata = downloadMetadata(run, which)!;
        const fileName = onnxFileName(metadata);
        const bytes = buildOnnx(which === 'student' ? run.result.student : run.result.baseline, { description: onnxDescription(metadata) });
        deps.saveFile(fileName, bytes, 'application/octet-stream');
        set({ status: `Saved ${fileName} (the ${metadata.model} of run ${run.id} as ONNX, float32 weights).` });
      } catch (error) {
        set({ error: `Could not build the ONNX file: ${errorMessage(error)}` });
      }
    },
  };
}
