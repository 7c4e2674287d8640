/**
 * The pair trains like two separate students: same initial weights as createStudent, each half
 * of the shared layer moved only by its own model's loss, and two pairs can live side by side.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { flatWeights, useCpu } from '../../../test-support/fixtures';
import { crossEntropy } from '../losses/losses';
import { createStudent, trainableVariables } from './models';
import { createStudentPair } from './student-pair';

beforeAll(useCpu);

const x = () =>
  tf.tensor2d(
    Array.from({ length: 4 * 784 }, (_, i) => ((i * 7919) % 256) / 255),
    [4, 784],
  );
const y = () => tf.tensor1d([3, 1, 4, 1], 'int32');

describe('StudentPair', () => {
  // One hidden layer, two, three, none (784-10), and the CNN student: the pair must match createStudent for each.
  const LAYOUTS = ['8', '8-6', '6-5-4', 'none', 'cnn'];

  it.each(LAYOUTS)('starts both halves from createStudent(layout, classes, seed): %s', (layout) => {
    const pair = createStudentPair(layout, 10, 5);
    const reference = createStudent(layout, 10, 5);
    const student = createStudent(layout, 10, 99);
    const baseline = createStudent(layout, 10, 98);
    pair.writeTo(student, baseline);
    expect(flatWeights(student)).toEqual(flatWeights(reference));
    expect(flatWeights(baseline)).toEqual(flatWeights(reference));
    [student, baseline, reference].forEach((m) => m.dispose());
    pair.dispose();
  });

  it.each(LAYOUTS)('one SGD step on the summed loss equals a separate step on each model: %s', (layout) => {
    const inputs = x();
    const labels = y();
    const pair = createStudentPair(layout, 10, 5);
    const sgd = tf.train.sgd(0.5);
    // The pair: the student learns from a shifted target (logits + 1 on class 0), the baseline from the labels.
    sgd.minimize(
      () => {
        const { student, baseline } = pair.logits(inputs);
        return tf.add(
          crossEntropy(tf.add(student, tf.oneHot([0, 0, 0, 0], 10)) as tf.Tensor2D, labels),
          crossEntropy(baseline, labels),
        ) as tf.Scalar;
      },
      false,
      pair.variables,
    );
    // The same steps, one model at a time.
    const separate = [createStudent(layout, 10, 5, 'a'), createStudent(layout, 10, 5, 'b')] as const;
    const sgd2 = tf.train.sgd(0.5);
    sgd2.minimize(
      () => crossEntropy(tf.add(separate[0].apply(inputs) as tf.Tensor2D, tf.oneHot([0, 0, 0, 0], 10)) as tf.Tensor2D, labels),
      false,
      trainableVariables(separate[0]),
    );
    sgd2.minimize(() => crossEntropy(separate[1].apply(inputs) as tf.Tensor2D, labels), false, trainableVariables(separate[1]));
    const [student, baseline] = [createStudent(layout, 10, 1), createStudent(layout, 10, 2)];
    pair.writeTo(student, baseline);
    const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));
    close(flatWeights(student), flatWeights(separate[0]));
    close(flatWeights(baseline), flatWeights(separate[1]));
    expect(flatWeights(student)).not.toEqual(flatWeights(baseline));
    [student, baseline, ...separate].forEach((m) => m.dispose());
    tf.dispose([inputs, labels]);
    pair.dispose();
  });

  it('two pairs can be alive at once (a throughput probe beside a run), and dispose frees everything', () => {
    const before = tf.memory().numTensors;
    const a = createStudentPair(4, 10, 1);
    const b = createStudentPair(4, 10, 1);
    expect(a.variables.map((v) => v.name)).not.toEqual(b.variables.map((v) => v.name));
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
