/**
 * Layers models to and from plain data (SavedModel), so weights can cross the worker boundary
 * and be restored in a new worker, and exported zips can be loaded back.
 */
import * as tf from '@tensorflow/tfjs';
import type { SavedModel, WeightSpec } from '../types';

export async function toSavedModel(model: tf.LayersModel): Promise<SavedModel> {
  let saved: SavedModel | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (!artifacts.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) {
        throw new Error('model.save produced no topology or weights');
      }
      const weightData = Array.isArray(artifacts.weightData) ? tf.io.concatenateArrayBuffers(artifacts.weightData) : artifacts.weightData;
      saved = {
        modelTopology: artifacts.modelTopology as object,
        weightSpecs: artifacts.weightSpecs as WeightSpec[],
        weightData: weightData.slice(0),
      };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (!saved) throw new Error('model.save did not call the save handler');
  return saved;
}

export async function fromSavedModel(saved: SavedModel): Promise<tf.LayersModel> {
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: saved.modelTopology,
      weightSpecs: saved.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: saved.weightData,
    }),
  );
}
