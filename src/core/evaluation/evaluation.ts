/**
 * The results table: the ensemble and both students on the validation and test splits, their
 * fidelity to the ensemble, and inference time. Also the inference timer the benchmark uses.
 */
import * as tf from '@tensorflow/tfjs';
import type { EnsembleMode } from '../settings/config';
import { gatherLabels, type Dataset } from '../data/data';
import type { LogitsCache } from '../ensemble/ensemble';
import { measured, type JobEta, type RateMeter, type WorkKind } from '../training/rates';
import { yieldToEventLoop } from '../training/job';
import { ensembleSoftTargets } from '../losses/losses';
import { accuracy, calibrationFigures, expectedCalibrationError, meanCrossEntropy, meanKl, topOneAgreement } from './metrics';
import { weightBytes } from '../models/models';
import { imagesTensor, predictLogits } from '../models/predict';
import { logSoftmaxRows, softmaxRows } from '../ensemble/soft-labels';
import { fromSavedModel } from '../models/model-io';
import { quantizeModel, WEIGHT_DTYPES } from '../export/quantize';
import type { ModelRow, QuantizedRow, SavedModel, SplitOutputs } from '../types';

/** Images in each inference timing (the table's unit is ms per 1,000 images). */
export const TIMING_SAMPLES = 1000;
/** Timed runs after one warm-up; the median is reported. */
export const TIMING_RUNS = 5;

export interface EnsembleView {
  models: tf.LayersModel[];
  cache: LogitsCache;
  mode: EnsembleMode;
}

/** What evaluation needs to know about the job it runs in. */
export interface EvaluationContext {
  dataset: Dataset;
  meter: RateMeter;
  eta: JobEta | null;
  /** Work kinds for the meter: inference through one student, and through the whole ensemble. */
  studentInference: WorkKind;
  ensembleInference: WorkKind;
  /** The ensemble's probabilities on the validation split at T = 1, for the students' fidelity to it. */
  ensembleVal: Float32Array;
}

export interface SplitFigures {
  valAccuracy: number;
  /** Mean cross-entropy on the validation split, in nats. */
  valLoss: number;
  /** Expected calibration error on the validation split. */
  valEce: number;
  /** Fidelity to the ensemble on the validation split: top-1 agreement, and mean KL(p_ensemble ‖ p_model) in nats. */
  valAgreement: number;
  valKl: number;
  testAccuracy: number;
}

/** Validation accuracy, loss, calibration and fidelity, and test accuracy, of `model`: one inference pass over each split. */
export async function splitFigures(ctx: EvaluationContext, model: tf.LayersModel): Promise<SplitFigures> {
  const { dataset } = ctx;
  const classes = dataset.classNames.length;
  const logitsOf = (indices: Int32Array) =>
    measured(ctx.meter, ctx.eta, ctx.studentInference, indices.length, () => predictLogits(model, dataset, indices));
  const { val, test } = dataset.split;
  const valLogits = await logitsOf(val);
  const valLabels = gatherLabels(dataset, val);
  const valProbs = softmaxRows(valLogits, classes);
  return {
    valAccuracy: accuracy(valLogits, valLabels, classes),
    valLoss: meanCrossEntropy(valLogits, valLabels, classes),
    valEce: expectedCalibrationError(valProbs, valLabels, classes),
    valAgreement: topOneAgreement(valProbs, ctx.ensembleVal, classes),
    valKl: meanKl(ctx.ensembleVal, valProbs, classes),
    testAccuracy: accuracy(await logitsOf(test), gatherLabels(dataset, test), classes),
  };
}

/** Rows for the ensemble and each student (in order). `timed` false skips the inference timing (msPer1000 NaN). */
export async function evaluateModels(
  ctx: EvaluationContext,
  ensemble: EnsembleView,
  students: tf.LayersModel[],
  timed: () => boolean,
): Promise<{ ensemble: ModelRow; students: ModelRow[]; outputs: { ensemble: SplitOutputs; students: SplitOutputs[] } }> {
  const { dataset } = ctx;
  const classes = dataset.classNames.length;
  const { val, test } = dataset.split;
  const labels = gatherLabels(dataset, test);
  const imported = ensemble.models.length === 0;
  const ensembleProbs = ensemble.cache.probabilities(test, 1, ensemble.mode);
  const ensembleValProbs = ensemble.cache.probabilities(val, 1, ensemble.mode);
  const timing = test.subarray(0, TIMING_SAMPLES);
  const ensembleRow: ModelRow = {
    keptEpoch: null,
    // Teachers imported as logits have no models here: their size is unknown, and they cannot be timed.
    params: imported ? NaN : ensemble.models.reduce((sum, m) => sum + m.countParams(), 0),
    bytes: imported ? NaN : ensemble.models.reduce((sum, m) => sum + weightBytes(m), 0),
    valAccuracy: accuracy(ensembleValProbs, gatherLabels(dataset, val), classes),
    testAccuracy: accuracy(ensembleProbs, labels, classes),
    ...calibrationFigures(ensembleProbs, labels, classes),
    agreement: 1,
    meanKl: 0,
    msPer1000: NaN,
  };
  const rows: ModelRow[] = [];
  const outputs: SplitOutputs[] = [];
  for (const model of students) {
    await yieldToEventLoop();
    const valLogits = await measured(ctx.meter, ctx.eta, ctx.studentInference, val.length, () => predictLogits(model, dataset, val));
    const testLogits = await measured(ctx.meter, ctx.eta, ctx.studentInference, test.length, () => predictLogits(model, dataset, test));
    const probs = softmaxRows(testLogits, classes);
    outputs.push({ val: logSoftmaxRows(valLogits, classes), test: logSoftmaxRows(testLogits, classes) });
    rows.push({
      keptEpoch: null,
      params: model.countParams(),
      bytes: weightBytes(model),
      valAccuracy: accuracy(valLogits, gatherLabels(dataset, val), classes),
      testAccuracy: accuracy(probs, labels, classes),
      ...calibrationFigures(probs, labels, classes),
      agreement: topOneAgreement(probs, ensembleProbs, classes),
      meanKl: meanKl(ensembleProbs, probs, classes),
      msPer1000: NaN,
    });
  }
  // Timing last: it is the slow part on a slow backend, and the one a Stop may skip.
  const images = timing.length * (TIMING_RUNS + 1);
  await yieldToEventLoop();
  if (timed() && !imported) {
    ensembleRow.msPer1000 = await measured(ctx.meter, ctx.eta, ctx.ensembleInference, images, () =>
      timeInference(dataset, ensemble.models, timing, ensemble.mode, () => !timed()),
    );
  }
  for (const [i, model] of students.entries()) {
    await yieldToEventLoop();
    if (!timed()) break;
    rows[i]!.msPer1000 = await measured(ctx.meter, ctx.eta, ctx.studentInference, images, () =>
      timeInference(dataset, [model], timing, 'arithmetic', () => !timed()),
    );
  }
  return {
    ensemble: ensembleRow,
    students: rows,
    outputs: { ensemble: { val: logOf(ensembleValProbs), test: logOf(ensembleProbs) }, students: outputs },
  };
}

/** Natural logs of probabilities, floored at 1e-30 so a zero stays finite. */
function logOf(probs: Float32Array): Float32Array {
  return probs.map((p) => Math.log(Math.max(p, 1e-30)));
}

/**
 * The one inference timer (the results table and the benchmark): `run` (which must end with its
 * read-back) once untimed, then TIMING_RUNS timed runs; the median in seconds. NaN when
 * `cancelled` turns true between runs, so a Stop does not wait for the whole timing.
 */
export async function medianSeconds(run: () => Promise<void>, cancelled: () => boolean = () => false): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < TIMING_RUNS; i++) {
    // Between (not inside) the timed runs, let queued messages in: a Stop must not wait for the timing.
    await yieldToEventLoop();
    if (cancelled()) return NaN;
    const start = performance.now();
    await run();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(TIMING_RUNS / 2)]!;
}

/**
 * Milliseconds for `models` (combined as an ensemble when there are several) to classify the
 * images, end to end including the read-back (medianSeconds); NaN if cancelled.
 */
export async function timeInference(
  dataset: Dataset,
  models: tf.LayersModel[],
  indices: Int32Array,
  mode: EnsembleMode,
  cancelled: () => boolean = () => false,
): Promise<number> {
  const x = imagesTensor(dataset, indices);
  try {
    return ((await medianSeconds(ensembleRun(models, x, mode), cancelled)) * 1e6) / indices.length;
  } finally {
    x.dispose();
  }
}

/**
 * One timed inference of `models` on the images `x`: the probabilities a user of the models would
 * compute (the ensemble's mean at T = 1, or the student's softmax), read back.
 */
export function ensembleRun(models: tf.LayersModel[], x: tf.Tensor2D, mode: EnsembleMode): () => Promise<void> {
  return async () => {
    const probs = tf.tidy(() =>
      ensembleSoftTargets(tf.stack(models.map((m) => m.predict(x, { batchSize: x.shape[0] }) as tf.Tensor2D)) as tf.Tensor3D, 1, mode),
    );
    await probs.data();
    probs.dispose();
  };
}

/**
 * The student as each export would hold it: its weights quantized (core/quantize.ts), loaded back
 * with stock tf.loadLayersModel, and measured on the test split — size, accuracy and top-1
 * agreement with the float32 student. Measured, never estimated.
 */
export async function quantizedRows(dataset: Dataset, saved: SavedModel, float32: tf.LayersModel): Promise<QuantizedRow[]> {
  const classes = dataset.classNames.length;
  const { test } = dataset.split;
  const labels = gatherLabels(dataset, test);
  const reference = await predictLogits(float32, dataset, test);
  // float32 is the student as it is: its row needs no reload.
  const rows: QuantizedRow[] = [
    { dtype: 'float32', bytes: saved.weightData.byteLength, testAccuracy: accuracy(reference, labels, classes), agreement: 1 },
  ];
  for (const dtype of WEIGHT_DTYPES.filter((d) => d !== 'float32')) {
    await yieldToEventLoop();
    const quantized = quantizeModel(saved, dtype);
    const model = await fromSavedModel(quantized);
    try {
      const logits = await predictLogits(model, dataset, test);
      rows.push({
        dtype,
        bytes: quantized.weightData.byteLength,
        testAccuracy: accuracy(logits, labels, classes),
        agreement: topOneAgreement(logits, reference, classes),
      });
    } finally {
      model.dispose();
    }
  }
  return rows;
}
