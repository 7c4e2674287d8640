/** The runs of this page, the one shown in detail, and the model downloads (built on the page from each run's weights). */
import { manifestJson } from '../../core/manifest/manifest';
import { manifestName, runManifest } from '../manifest-export';
import { modelFileName, onnxOptions, onnxFileName, type DatasetInput } from '../../core/export/export';
import { buildOnnx } from '../../core/export/onnx';
import { quantizeModel, type WeightDtype } from '../../core/export/quantize';
import type { ExperimentConfig } from '../../core/settings/config';
import type { DistillResult, LossPoint } from '../../shared/protocol';
import { errorMessage } from '../../bridge/client';
import { downloadMetadata } from '../downloads';
import { comparisonCsv, comparisonExportName, comparisonJson } from '../comparison-export';
import { runExportName, runJson, runMetricsCsv } from '../run-export';
import type { SliceContext } from './context';

/** One distillation of this page: its settings, results and both students' weights. */
export interface StudentRun {
  /** 1, 2, …: "Run 1" in the table (unique across visits: saved runs keep theirs). */
  id: number;
  /** "Run 1" until the user renames it. */
  name: string;
  /** The dataset and the teachers it was distilled on and from (ids in saved data). */
  datasetId: string;
  teachersId: string;
  /** What an exported student needs to say about its input. */
  dataset: DatasetInput;
  /** The loss readings of the run (decimated as the chart keeps them), for comparing runs' curves. */
  losses: LossPoint[];
  result: DistillResult;
  /** The config of the run as started (T and alpha as at the start; the schedule has the rest). */
  config: ExperimentConfig;
  /** The settings the teachers it learnt from were trained with, and how many there were. */
  teacherConfig: ExperimentConfig;
  teacherMembers: number;
  /** The logits file the teachers came from, when they were imported rather than trained. */
  teachersImportedFrom: string | null;
  classNames: string[];
  createdAt: string;
  /** The backend it ran on and the SHA-256 of its dataset, for its manifest (absent in runs saved before manifests). */
  backend?: string;
  datasetHash?: string;
}

export type ModelChoice = 'student' | 'baseline';

export interface ResultsSlice {
  /** Every finished distillation of this page, oldest first. */
  runs: StudentRun[];
  /** The run the details table and the downloads show; null means the newest. */
  selectedRunId: number | null;
  selectRun(id: number | null): void;
  /** Builds the .zip of a run's distilled student or baseline and hands it to the browser. */
  /** Hands a run's student to the browser as a .zip; the distilled student may be quantized (`weights`). */
  downloadModel(runId: number, which: ModelChoice, weights?: WeightDtype): void;
  /** Hands a run's student to the browser as an .onnx file (float32 weights). */
  downloadOnnx(runId: number, which: ModelChoice): void;
  /** Hands a run to the browser: its metrics per epoch as CSV, or the whole run (no weights) as JSON (state/run-export.ts). */
  exportRun(runId: number, format: 'csv' | 'json' | 'manifest'): void;
  /** Hands several runs side by side to the browser as CSV or JSON, one row (entry) per run in the order given. */
  exportComparison(runIds: number[], format: 'csv' | 'json'): void;
}

type ResultsActions = Pick<ResultsSlice, 'selectRun' | 'downloadModel' | 'downloadOnnx' | 'exportRun' | 'exportComparison'>;

const MIME = { csv: 'text/csv', json: 'application/json' } as const;

export function resultsActions({ set, get, deps }: SliceContext): ResultsActions {
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
        const bytes = buildOnnx(which === 'student' ? run.result.student : run.result.baseline, onnxOptions(metadata));
        deps.saveFile(fileName, bytes, 'application/octet-stream');
        set({ status: `Saved ${fileName} (the ${metadata.model} of run ${run.id} as ONNX, float32 weights).` });
      } catch (error) {
        set({ error: `Could not build the ONNX file: ${errorMessage(error)}` });
      }
    },

    exportRun(runId, format) {
      const run = findRun(runId);
      if (!run) return;
      if (format === 'manifest') {
        const manifest = runManifest(run);
        if ('error' in manifest) {
          set({ error: manifest.error });
          return;
        }
        const fileName = manifestName(`run-${run.id}`);
        deps.saveFile(fileName, manifestJson(manifest.manifest), MIME.json);
        set({
          status: `Saved ${fileName}: run ${run.id}'s settings, seeds, backend and dataset hash, to replay with npm run distill -- --manifest ${fileName}.`,
        });
        return;
      }
      const fileName = runExportName(run.id, format);
      deps.saveFile(fileName, format === 'csv' ? runMetricsCsv(run) : runJson(run), MIME[format]);
      set({ status: `Saved ${fileName} (run ${run.id}${format === 'csv' ? ': its metrics per epoch' : ''}).` });
    },

    exportComparison(runIds, format) {
      // In the order asked for, each run once: the rows of the file.
      const ids = [...new Set(runIds)];
      const runs = ids.flatMap((id) => get().runs.filter((r) => r.id === id));
      const missing = ids.filter((id) => !runs.some((r) => r.id === id));
      if (runs.length === 0 || missing.length > 0) {
        set({ error: `Cannot compare runs: ${missing.length > 0 ? `there is no run ${missing.join(', ')}` : 'none was chosen'}.` });
        return;
      }
      const fileName = comparisonExportName(ids, format);
      deps.saveFile(fileName, format === 'csv' ? comparisonCsv(runs) : comparisonJson(runs), MIME[format]);
      set({ status: `Saved ${fileName} (runs ${ids.join(', ')} side by side).` });
    },
  };
}
