/**
 * The teachers a session holds: their models (none when they are imported logits), their cached
 * logits, each member's weight, the temperatures fitted for those weights, and the cache as a run
 * sees them. Trained, imported and restored teachers all end up here; the session (session.ts)
 * decides when they may change (one job at a time).
 */
import type * as tf from '@tensorflow/tfjs';
import { calibrateTeachers, type TeacherCalibration } from '../ensemble/calibration';
import type { EnsembleMode, ExperimentConfig } from '../settings/config';
import { gatherLabels, type Dataset } from '../data/data';
import { ensembleProbabilities, LogitsCache } from '../ensemble/ensemble';
import type { ImportedLogits } from '../import/types';
import { gatherRows } from '../ensemble/soft-labels';
import { ensembleDiversity } from '../ensemble/diversity';
import { accuracy } from '../evaluation/metrics';
import { fromSavedModel, toSavedModel } from '../models/model-io';
import { allIndices, predictLogits } from '../models/predict';
import { isPlainView, scaledLogits, weightsProblem, type TeacherView } from '../ensemble/teacher-view';
import type { SavedModel, TeacherFigures, TeacherResult, TeacherSnapshot } from '../types';

export interface Teachers {
  config: ExperimentConfig;
  models: tf.LayersModel[];
  /** The members' logits as trained, equal weights. */
  cache: LogitsCache;
  /** Each member's weight in the mean (the user's; equal by default). */
  weights: number[];
  /** Temperatures fitted on validation for these members and weights. */
  calibration: TeacherCalibration;
  /** The cache as a run sees the teachers (scaled, weighted), kept for the view it was made for. */
  viewed: { key: string; cache: LogitsCache } | null;
}

export class TeacherEnsemble {
  private teachers: Teachers | null = null;

  constructor(private readonly dataset: Dataset) {}

  private get classes(): number {
    return this.dataset.classNames.length;
  }

  /** The teachers, or null before any were trained, imported or restored. */
  get current(): Teachers | null {
    return this.teachers;
  }

  /** The ensemble's accuracy, make-up and calibration with the current member weights. */
  figures(): TeacherFigures {
    const { weights, calibration, cache } = this.require();
    const { test } = this.dataset.split;
    const ensembleTestAccuracy = this.accuracy('test');
    return {
      weights: [...weights],
      ensembleTestAccuracy,
      ensembleValAccuracy: this.accuracy('val'),
      diversity: ensembleDiversity(cache.members, test, gatherLabels(this.dataset, test), this.classes, ensembleTestAccuracy),
      calibration,
    };
  }

  /**
   * Sets each member's weight in the ensemble mean: the soft targets of the next run and every
   * ensemble figure use them (the ensemble's temperature is refitted for them).
   */
  setWeights(weights: number[]): TeacherFigures {
    const teachers = this.require();
    const problem = weightsProblem(weights, teachers.cache.members.length);
    if (problem) throw new Error(problem);
    teachers.weights = [...weights];
    teachers.calibration = this.calibrate(teachers.cache.members, teachers.weights, teachers.config.ensembleMode);
    return this.figures();
  }

  /**
   * Teachers from logits computed elsewhere (e.g. a PyTorch ensemble too large for a browser): no
   * models, only their logits for every sample, validated against the dataset. Distillation reads
   * only the logits, so it runs as with trained teachers; the ensemble's size and speed are unknown.
   */
  importLogits(logits: ImportedLogits, config: ExperimentConfig): TeacherResult {
    if (logits.count !== this.dataset.count || logits.classes !== this.classes) {
      throw new Error(
        `${logits.name}: ${logits.count} × ${logits.classes} logits do not fit the dataset (${this.dataset.count} samples, ${this.classes} classes).`,
      );
    }
    const weights = logits.members.map(() => 1);
    this.replace(config, [], new LogitsCache(logits.members, this.classes), weights);
    return this.importedResult({ config, members: [], logits: logits.members, weights, importedFrom: logits.name });
  }

  /** What an import (logits or models) reports: the new ensemble's figures, and each member's accuracy from its logits. */
  private importedResult(snapshot: TeacherSnapshot): TeacherResult {
    const { val, test } = this.dataset.split;
    const memberAccuracy = (split: Int32Array) =>
      snapshot.logits.map((table) => accuracy(gatherRows(table, split, this.classes), gatherLabels(this.dataset, split), this.classes));
    return {
      ...this.figures(),
      snapshot,
      memberTestAccuracy: memberAccuracy(test),
      memberValAccuracy: memberAccuracy(val),
      stopped: false,
      timing: { samples: 0, loopSeconds: 0, totalSeconds: 0 },
    };
  }

  /**
   * Teacher models of one's own (TensorFlow.js Layers models, e.g. trained elsewhere): each is
   * checked against the dataset ([batch, features] in, [batch, classes] out), its logits for every
   * sample are cached, and it joins the trained teachers (or makes the ensemble, if there are none).
   */
  async importModels(imported: { name: string; model: SavedModel }[], config: ExperimentConfig): Promise<TeacherResult> {
    const current = this.teachers;
    if (current && current.models.length !== current.cache.members.length) {
      throw new Error(
        'The current teachers are imported logits: models cannot join them. Train teachers, or import the models alone after reloading the dataset.',
      );
    }
    const models: tf.LayersModel[] = [];
    try {
      for (const { name, model: saved } of imported) {
        const model = await fromSavedModel(saved).catch((error: unknown) => {
          throw new Error(`${name}: TensorFlow.js could not load this model (${(error as Error).message}).`);
        });
        models.push(model);
        const shapeText = (shape: (number | null)[]) => `[${shape.map((d) => d ?? 'batch').join(', ')}]`;
        const input = model.inputs[0]?.shape ?? [];
        const output = model.outputs[0]?.shape ?? [];
        if (input.length !== 2 || input[1] !== this.dataset.features) {
          throw new Error(`${name}: the model takes input ${shapeText(input)}; this dataset needs [batch, ${this.dataset.features}].`);
        }
        if (output.length !== 2 || output[1] !== this.classes) {
          throw new Error(
            `${name}: the model outputs ${shapeText(output)}; this dataset has ${this.classes} classes, so [batch, ${this.classes}].`,
          );
        }
      }
      const all = allIndices(this.dataset);
      const logits = [...(current?.cache.members ?? [])];
      for (const model of models) logits.push(await predictLogits(model, this.dataset, all));
      const teacherConfig = current?.config ?? config;
      const weights = [...(current?.weights ?? []), ...models.map(() => 1)];
      const members = [...(current?.models ?? []), ...models];
      const savedMembers = await Promise.all(members.map(toSavedModel));
      // The trained members are kept as they are: only the old cache goes.
      current?.cache.dispose();
      current?.viewed?.cache.dispose();
      const cache = new LogitsCache(logits, this.classes);
      this.teachers = {
        config: teacherConfig,
        models: members,
        cache,
        weights,
        calibration: this.calibrate(logits, weights, teacherConfig.ensembleMode),
        viewed: null,
      };
      return this.importedResult({ config: teacherConfig, members: savedMembers, logits, weights, importedFrom: null });
    } catch (error) {
      models.forEach((m) => m.dispose());
      throw error;
    }
  }

  /** Rebuilds teachers and cache from plain data (a worker restart, or a saved session). */
  async restore(snapshot: TeacherSnapshot): Promise<TeacherFigures> {
    const expectedModels = snapshot.importedFrom === null ? snapshot.logits.length : 0;
    if (snapshot.members.length !== expectedModels)
      throw new Error('The teacher snapshot has a different number of models and logit tables.');
    const problem = weightsProblem(snapshot.weights, snapshot.logits.length);
    if (problem) throw new Error(`The teacher snapshot's weights: ${problem}`);
    const cache = new LogitsCache(snapshot.logits, this.classes);
    if (cache.count !== this.dataset.count)
      throw new Error(`The teacher snapshot covers ${cache.count} samples, the dataset has ${this.dataset.count}.`);
    const models = await Promise.all(snapshot.members.map(fromSavedModel));
    this.replace(snapshot.config, models, cache, [...snapshot.weights]);
    return this.figures();
  }

  /** Accuracy of the ensemble at T = 1 with the teachers' own ensemble mean and weights, on a split. */
  accuracy(split: 'val' | 'test'): number {
    const teachers = this.require();
    const indices = this.dataset.split[split];
    const probs = ensembleProbabilities(teachers.cache.members, indices, this.classes, teachers.config.ensembleMode, teachers.weights);
    return accuracy(probs, gatherLabels(this.dataset, indices), this.classes);
  }

  require(): Teachers {
    if (!this.teachers) throw new Error('No teachers yet: train them first.');
    return this.teachers;
  }

  replace(config: ExperimentConfig, models: tf.LayersModel[], cache: LogitsCache, weights: number[]): void {
    const calibration = this.calibrate(cache.members, weights, config.ensembleMode);
    this.dispose();
    this.teachers = { config, models, cache, weights, calibration, viewed: null };
  }

  dispose(): void {
    this.teachers?.models.forEach((m) => m.dispose());
    this.teachers?.cache.dispose();
    this.teachers?.viewed?.cache.dispose();
    this.teachers = null;
  }

  private calibrate(logits: readonly Float32Array[], weights: readonly number[], mode: EnsembleMode): TeacherCalibration {
    const { val, test } = this.dataset.split;
    const splits = { val, test, valLabels: gatherLabels(this.dataset, val), testLabels: gatherLabels(this.dataset, test) };
    return calibrateTeachers(logits, splits, this.classes, mode, weights);
  }

  /** The teachers' cache as `view` sees them: the plain cache when the view changes nothing, else a scaled, weighted copy (kept for the next run). */
  viewedCache(view: TeacherView): LogitsCache {
    const teachers = this.require();
    if (isPlainView(view)) return teachers.cache;
    const key = JSON.stringify(view);
    if (teachers.viewed?.key !== key) {
      teachers.viewed?.cache.dispose();
      teachers.viewed = { key, cache: new LogitsCache(scaledLogits(teachers.cache.members, view.scales), this.classes, view.weights) };
    }
    return teachers.viewed.cache;
  }
}
