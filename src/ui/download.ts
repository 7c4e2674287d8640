/** Downloads made on the page (no worker needed): a model's .zip or .onnx, a sweep's CSV or JSON. */
import { buildStudentZip, type StudentMetadata } from '../core/export/export';
import type { SavedModel } from '../shared/protocol';

/** Hands `blob` to the browser as a download named `fileName`. */
function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function saveModelZip(fileName: string, model: SavedModel, metadata: StudentMetadata): void {
  const bytes = buildStudentZip(model, metadata);
  saveBlob(fileName, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
}

/** A sweep's CSV or JSON, or a student's .onnx. */
export function saveFile(fileName: string, data: string | Uint8Array, type: string): void {
  saveBlob(fileName, new Blob([data as string | Uint8Array<ArrayBuffer>], { type }));
}
