/**
 * The metadata that travels inside the downloaded student .zip: enough to use the model
 * (class names, input shape and range) and to reproduce it (the full config, T and alpha).
 */
import { describeStudent, type StudentMetadata } from '../core/export';
import type { StudentRecord } from './types';

export type { StudentMetadata };

export const STUDENT_ZIP_NAME = 'distill-studio-student.zip';

export function studentMetadata(record: StudentRecord): StudentMetadata {
  return describeStudent(record.classNames, record.result.results, record.config, record.createdAt);
}
