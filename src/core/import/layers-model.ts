/**
 * Teacher models of one's own: TensorFlow.js Layers models, as a model.json with its weight
 * files (tfjs's `model.save('downloads://…')` writes these), or as a .zip holding them (the
 * studio's own student downloads are such zips). Read into plain SavedModels here; loading and
 * checking their shapes against the dataset happens in the session, which has tfjs.
 */
import { unzipSync } from 'fflate';
import type { SavedModel, WeightSpec } from '../types';
import { checkImportSize, reason } from './limits';
import { ImportError, type InputFile } from './types';

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

/** The models in the chosen files: each .zip is one model; otherwise one model.json with the weight files it names. */
export function parseLayersModelFiles(files: InputFile[]): { name: string; model: SavedModel }[] {
  if (files.length === 0) throw new ImportError('No file chosen.');
  for (const file of files) checkImportSize(file.name, file.bytes.byteLength);
  const zips = files.filter((f) => /\.zip$/i.test(f.name));
  if (zips.length > 0) {
    if (zips.length !== files.length)
      throw new ImportError('Choose either .zip files (one model each) or one model.json with its weight files, not both.');
    return zips.map((zip) => ({ name: zip.name, model: modelFromZip(zip) }));
  }
  const jsons = files.filter((f) => /\.json$/i.test(f.name));
  if (jsons.length !== 1) {
    throw new ImportError(
      jsons.length === 0
        ? 'No model.json among the chosen files: a TensorFlow.js Layers model is a model.json and its weight files (or a .zip of them).'
        : `Choose one model.json at a time (got ${jsons.map((j) => j.name).join(', ')}), or one .zip per model.`,
    );
  }
  const json = jsons[0]!;
  const byName = new Map(files.filter((f) => f !== json).map((f) => [f.name, f.bytes]));
  return [{ name: json.name, model: assemble(json.name, json.bytes, (path) => byName.get(baseName(path))) }];
}

function modelFromZip(zip: InputFile): SavedModel {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip.bytes);
  } catch (error) {
    throw new ImportError(`${zip.name}: not a readable zip file (${reason(error)}).`);
  }
  const jsonName = Object.keys(entries).find((name) => /(^|\/)model\.json$/i.test(name));
  if (!jsonName)
    throw new ImportError(`${zip.name}: no model.json inside; a teacher zip holds a TensorFlow.js Layers model.json and its weights.`);
  const folder = jsonName.slice(0, jsonName.length - 'model.json'.length);
  return assemble(`${zip.name}: ${jsonName}`, entries[jsonName]!, (path) => entries[folder + path] ?? entries[baseName(path)]);
}

/** A SavedModel from model.json and its weight files in manifest order; a missing file is named. */
function assemble(where: string, jsonBytes: Uint8Array, weightFile: (path: string) => Uint8Array | undefined): SavedModel {
  let json: Partial<ModelJson>;
  try {
    json = JSON.parse(new TextDecoder().decode(jsonBytes)) as Partial<ModelJson>;
  } catch (error) {
    throw new ImportError(`${where}: not valid JSON (${reason(error)}).`);
  }
  if (typeof json !== 'object' || json === null || typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw new ImportError(`${where}: not a TensorFlow.js Layers model (it needs "modelTopology" and "weightsManifest").`);
  }
  const parts: Uint8Array[] = [];
  for (const path of json.weightsManifest.flatMap((group) => group.paths)) {
    const bytes = weightFile(path);
    if (!bytes) throw new ImportError(`${where} names the weights file "${path}", which is not among the chosen files: choose it too.`);
    parts.push(bytes);
  }
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const weightData = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  parts.reduce((offset, p) => (weightData.set(p, offset), offset + p.length), 0);
  const expected = weightSpecs.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1) * bytesPer(w), 0);
  if (expected !== weightData.length) {
    throw new ImportError(
      `${where}: the weight files hold ${weightData.length} bytes; the manifest describes ${expected} (a file is truncated or from another model).`,
    );
  }
  return { modelTopology: json.modelTopology, weightSpecs, weightData: weightData.buffer };
}

function bytesPer(spec: WeightSpec): number {
  const stored = spec.quantization?.dtype ?? spec.dtype;
  return stored === 'uint8' || stored === 'bool' ? 1 : stored === 'uint16' || stored === 'float16' ? 2 : 4;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
