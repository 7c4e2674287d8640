/**
 * The dataset on the backend: every image (as pixel / 255) and label uploaded once, batches
 * gathered there by index. Building each batch in JavaScript and uploading it would copy
 * 200 kB per batch across the boundary — on a GPU a round trip per step.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherInputs, type Dataset } from './data';
import { allIndices } from '../models/predict';

export class DeviceDataset {
  private images: tf.Tensor2D | null = null;
  private labels: tf.Tensor1D | null = null;

  constructor(readonly dataset: Dataset) {}

  private upload(): { images: tf.Tensor2D; labels: tf.Tensor1D } {
    if (!this.images || !this.labels) {
      const { dataset } = this;
      // Uploaded on first use, possibly inside a tidy: kept, or the tidy would dispose them.
      this.images = tf.keep(tf.tensor2d(gatherInputs(dataset, allIndices(dataset)), [dataset.count, dataset.features]));
      this.labels = tf.keep(tf.tensor1d(Int32Array.from(dataset.labels), 'int32'));
    }
    return { images: this.images, labels: this.labels };
  }

  /** [batch, 784] images of the given samples (a new tensor: dispose it, or call inside a tidy). */
  imagesOf(indices: tf.Tensor1D): tf.Tensor2D {
    return tf.gather(this.upload().images, indices);
  }

  /** [batch] int32 labels of the given samples. */
  labelsOf(indices: tf.Tensor1D): tf.Tensor1D {
    return tf.gather(this.upload().labels, indices);
  }

  /** Runs `train` on a batch gathered on the backend, disposing it afterwards. `indices` are also passed as a tensor. */
  withBatch(indices: Int32Array, train: (x: tf.Tensor2D, y: tf.Tensor1D, at: tf.Tensor1D) => void): void {
    const at = tf.tensor1d(indices, 'int32');
    const x = this.imagesOf(at);
    const y = this.labelsOf(at);
    try {
      train(x, y, at);
    } finally {
      tf.dispose([at, x, y]);
    }
  }

  dispose(): void {
    this.images?.dispose();
    this.labels?.dispose();
    this.images = null;
    this.labels = null;
  }
}
