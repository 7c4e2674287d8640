/**
 * What the dataset and logits importers hand back, before the studio splits and stores a
 * dataset. Plain data, no tfjs, no DOM: the parsers run in the worker, in Node (the CLI) and in
 * unit tests alike.
 */
import type { SplitSizes } from '../data/data';
import type { TextData } from '../text/types';

/** An input file, as read: its name (for messages and format detection) and its bytes. */
export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

/** Images: height × width × channels values per sample, 0..255, row-major (HWC). */
export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

export interface ImportedData {
  /** Shown in the studio (e.g. "Fashion-MNIST (IDX)", the file name). */
  name: string;
  /** One name per class, index = label. Shown as text, never as HTML. */
  classNames: string[];
  /** Values per sample. */
  features: number;
  /**
   * count × features, row-major: 0..255 pixels for images (Uint8Array), or the numbers as read
   * for tabular data (Float32Array; the studio standardises them on the training split).
   */
  values: Uint8Array | Float32Array;
  /** Set for images, null for tabular data. */
  image: ImageShape | null;
  /** For tabular data: the feature columns' names (in order); null for images and texts. */
  columns: string[] | null;
  /** For texts: the texts, vocabulary and encoding; `values` (Float32Array) then holds their token ids. */
  text?: TextData;
  /** Class index per sample. */
  labels: Uint8Array;
  /** How many samples at the end have no label (a transfer set; their labels are 0 and never read). Absent: none. */
  unlabelled?: number;
  /** The data's own split as consecutive blocks of rows (train, then val, then test); absent: 70/10/20 per class. */
  split?: SplitSizes;
}

/** Logits computed elsewhere (e.g. a PyTorch ensemble): one count × classes table per member. */
export interface ImportedLogits {
  name: string;
  members: Float32Array[];
  count: number;
  classes: number;
}

/** A problem with an imported file, said so a user can fix it (the file, what is wrong, what was expected). */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** The largest file the studio reads (larger ones are refused by their size, before reading). */
export const MAX_IMPORT_BYTES = 1024 ** 3;

/** At most this many classes (labels are stored as bytes). */
export const MAX_CLASSES = 100;
