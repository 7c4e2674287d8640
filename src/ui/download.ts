/** Saves the student: a .zip built on the page (no worker needed), handed to the browser as a download. */
import { buildStudentZip } from '../core/export';
import { STUDENT_ZIP_NAME, type StudentMetadata } from '../state/student-metadata';
import type { SavedModel } from '../worker/protocol';

export function saveStudentZip(model: SavedModel, metadata: StudentMetadata): void {
  const bytes = buildStudentZip(model, metadata);
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = STUDENT_ZIP_NAME;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
