/** What a run's download holds and is called: one description for the results slice (which saves it) and the UI (which names it). */
import { describeModel, modelFileName, onnxFileName, type StudentMetadata } from '../core/export/export';
import type { WeightDtype } from '../core/export/quantize';
import type { ModelChoice, StudentRun } from './types';

/** The metadata of a run's student as a file with `weights`; null when that format was not measured for this run. */
export function downloadMetadata(run: StudentRun, which: ModelChoice, weights: WeightDtype = 'float32'): StudentMetadata | null {
  // Only the distilled student is offered quantized: its figures under each format are measured.
  const quantized = weights === 'float32' || which !== 'student' ? undefined : run.result.quantized.find((q) => q.dtype === weights);
  if (weights !== 'float32' && !quantized) return null;
  return describeModel(which === 'student' ? 'distilled student' : 'baseline student', {
    classNames: run.classNames,
    results: run.result.results,
    config: run.config,
    teacherConfig: run.teacherConfig,
    createdAt: run.createdAt,
    quantized,
    dataset: run.dataset,
  });
}

/** The download's file name, e.g. student-64h-T4-a0.9-uint8-94.3pct.zip. */
export function downloadName(run: StudentRun, which: ModelChoice, weights: WeightDtype = 'float32'): string {
  const metadata = downloadMetadata(run, which, weights);
  return metadata ? modelFileName(metadata) : '';
}

/** The .onnx download's file name (float32 weights), e.g. student-64h-T4-a0.9-94.4pct.onnx. */
export function onnxDownloadName(run: StudentRun, which: ModelChoice): string {
  return onnxFileName(downloadMetadata(run, which)!);
}
