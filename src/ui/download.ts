/** Saves a model: a .zip built on the page (no worker needed), handed to the browser as a download. */
import { buildStudentZip, type StudentMetadata } from '../core/export';
import type { SavedModel } from '../shared/protocol';

export function saveModelZip(fileName: string, model: SavedModel, metadata: StudentMetadata): void {
  const bytes = buildStudentZip(model, metadata);
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
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
