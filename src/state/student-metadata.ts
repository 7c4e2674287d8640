/**
 * The metadata that travels inside the downloaded student .zip: enough to use the model
 * (class names, input shape and range) and to reproduce it (the full config, T and alpha).
 */
import type { StudentMetadata } from '../core/export';
import type { StudentRecord } from './types';

export type { StudentMetadata };

export const STUDENT_ZIP_NAME = 'distill-studio-student.zip';

export function studentMetadata(record: StudentRecord): StudentMetadata {
  const { results } = record.result;
  return {
    classNames: record.classNames,
    input: {
      shape: [null, 784],
      range: [0, 1],
      description: '28×28 grayscale digit, row-major, pixel / 255 (white digit on black, as in MNIST).',
    },
    output: `${record.classNames.length} logits (softmax gives class probabilities; argmax is the predicted class).`,
    temperature: results.temperature,
    alpha: results.alpha,
    testAccuracy: results.student.testAccuracy,
    createdAt: record.createdAt,
    config: record.config,
  };
}
