/**
 * A zip of PNG/JPEG images, one folder per class (`cat/001.png`, `dog/002.jpg`): the way image
 * datasets are usually handed around. Grey images stay grey (one channel); if any image has colour,
 * every image is kept as RGB (three channels, grey ones copied to each), so one shape holds them
 * all. The images must already share one size, as resizing would silently change the data. A
 * folder is the class of the images directly in it, so a wrapping folder does no harm; train/ and
 * test/ (and optionally val/) folders above the class folders (`mnist/train/7/1.png`) are the
 * data's own split, kept (own-split.ts).
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { convertIndexedToRgb, decode as decodePng, type DecodedPng } from 'fast-png';
import jpeg from 'jpeg-js';
import { formatCount } from '../format';
import type { SplitSizes } from '../data/data';
import { reason } from './limits';
import { describeCounts, SPLIT_MARKS, SplitMarks, splitPartOf, type SplitPart } from './own-split';
import { ImportError, MAX_CLASSES, type ImportedData, type InputFile } from './types';

const IMAGE_EXTENSION = /\.(png|jpe?g)$/i;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const STORED = 0;
const DEFLATE = 8;

interface ZipImage {
  path: string;
  className: string;
  /** The folder above the class folder, if any (train, test, …: the split, when the zip has one). */
  above: string | null;
  bytes: Uint8Array;
}

/** One decoded image: width × height pixels of `channels` values in 0..maxValue. */
interface Decoded {
  width: number;
  height: number;
  channels: number;
  maxValue: number;
  data: ArrayLike<number>;
}

export function parseImageZip(file: InputFile): ImportedData {
  const found = readImages(file);
  const classNames = classNamesOf(file.name, found);
  const classIndex = new Map(classNames.map((name, index) => [name, index]));
  const own = ownSplitOf(file.name, found, classIndex);
  const images = own?.images ?? found;
  const labels = new Uint8Array(images.map((image) => classIndex.get(image.className)!));
  const { values, width, height, channels } = decodeAll(file.name, images);
  return {
    ...(own ? { split: own.split } : {}),
    name: file.name,
    classNames,
    features: width * height * channels,
    values,
    image: { height, width, channels },
    columns: null,
    labels,
  };
}

/**
 * The zip's own split, if its class folders sit in train/ and test/ (and optionally val/)
 * folders: the images in the order the split takes them, and its blocks; null if no image is in
 * such a folder. Within each part the classes are interleaved, each image placed by its position
 * in its class (path order), so the last 10 % of the training images, validation when there is
 * no val/ folder, are about the last 10 % of each class's rather than the last class's.
 */
function ownSplitOf(
  zipName: string,
  images: ZipImage[],
  classIndex: Map<string, number>,
): { images: ZipImage[]; split: SplitSizes } | null {
  const parts = images.map((image) => (image.above === null ? null : splitPartOf(image.above)));
  const marked = parts.findIndex((part) => part !== null);
  if (marked < 0) return null;
  const unmarked = parts.findIndex((part) => part === null);
  if (unmarked >= 0) {
    const { path, above } = images[unmarked]!;
    const where = above === null ? 'is in no split folder' : `is in "${above}/", which is not a split folder`;
    throw new ImportError(
      `${zipName}: ${path} ${where}, but ${images[marked]!.path} is in "${images[marked]!.above}/". ` +
        `Put every class folder in a folder named ${SPLIT_MARKS} (any case), or none.`,
    );
  }
  const rows = interleaved(images, parts as SplitPart[], classIndex);
  const marks = new SplitMarks(rows.length);
  rows.forEach((row, i) => marks.mark(i, parts[row]!));
  const own = marks.finish(
    rows.length,
    (missing, counts) =>
      `${zipName}: the split folders hold ${describeCounts(counts, 'images')}: a split needs ${missing} images. ` +
      `Put them in ${missing}/<class>/, or remove the split folders to split 70/10/20 within each class.`,
  );
  return { images: Array.from(own.order, (i) => images[rows[i]!]!), split: own.blocks };
}

/** Image indices ordered by their position within their part and class ((rank + ½) / class size), then by class. */
function interleaved(images: ZipImage[], parts: SplitPart[], classIndex: Map<string, number>): number[] {
  const groupOf = (i: number) => `${parts[i]}/${images[i]!.className}`;
  const sizes = new Map<string, number>();
  for (let i = 0; i < images.length; i++) sizes.set(groupOf(i), (sizes.get(groupOf(i)) ?? 0) + 1);
  const seen = new Map<string, number>();
  const position = images.map((_, i) => {
    const group = groupOf(i);
    const rank = seen.get(group) ?? 0;
    seen.set(group, rank + 1);
    return (rank + 0.5) / sizes.get(group)!;
  });
  const classOf = (i: number) => classIndex.get(images[i]!.className)!;
  return images.map((_, i) => i).sort((a, b) => position[a]! - position[b]! || classOf(a) - classOf(b));
}

/** The zip's images with their class folders, sorted by path; everything else is skipped unread. */
function readImages(file: InputFile): ZipImage[] {
  if (!startsWith(file.bytes, [0x50, 0x4b])) {
    throw new ImportError(`${file.name}: not a zip file (a zip starts with "PK"); choose a .zip of images in one folder per class.`);
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(file.bytes, { filter: (entry) => isWantedImage(file.name, entry) });
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(`${file.name}: the zip file is damaged and cannot be read (${reason(error)}).`);
  }
  const paths = Object.keys(entries).sort();
  if (paths.length === 0) {
    throw new ImportError(
      `${file.name}: no class folders: put each class's images in a folder named after it (the zip holds no PNG or JPEG images).`,
    );
  }
  return paths.map((path) => ({ path, className: classFolderOf(file.name, path), above: folderAboveClass(path), bytes: entries[path]! }));
}

/** Images only: no folders, no macOS resource forks (__MACOSX/, ._name), no dotfiles, no other files. */
function isWantedImage(zipName: string, entry: UnzipFileInfo): boolean {
  const segments = normalisePath(entry.name).split('/');
  const wanted = IMAGE_EXTENSION.test(entry.name) && segments[0] !== '__MACOSX' && !segments.some((s) => s.startsWith('.'));
  if (wanted && entry.compression !== STORED && entry.compression !== DEFLATE) {
    throw new ImportError(
      `${zipName}: ${entry.name} is compressed with a method the studio cannot read (zip method ${entry.compression}); ` +
        're-create the zip with ordinary (deflate) compression.',
    );
  }
  return wanted;
}

/** Zips made on Windows sometimes separate folders with backslashes. */
function normalisePath(path: string): string {
  return path.replaceAll('\\', '/');
}

/** The folder directly holding the image: its class. */
function classFolderOf(zipName: string, path: string): string {
  const segments = normalisePath(path).split('/');
  const folder = segments.length >= 2 ? segments[segments.length - 2] : undefined;
  if (!folder) {
    throw new ImportError(
      `${zipName}: no class folders: put each class's images in a folder named after it (${path} is at the top level of the zip).`,
    );
  }
  return folder;
}

/** The folder holding the image's class folder, or null at the top level. */
function folderAboveClass(path: string): string | null {
  const segments = normalisePath(path).split('/');
  return segments.length >= 3 ? segments[segments.length - 3]! : null;
}

/** Folder names sorted (numbers in numeric order, so "10" comes after "9"); at least two classes. */
function classNamesOf(zipName: string, images: ZipImage[]): string[] {
  const collator = new Intl.Collator('en', { numeric: true });
  const names = [...new Set(images.map((image) => image.className))].sort(collator.compare);
  if (names.length === 1) {
    throw new ImportError(
      `${zipName}: only one class folder, '${names[0]}': a classifier needs at least two (one folder per class, each named after it).`,
    );
  }
  if (names.length > MAX_CLASSES) {
    throw new ImportError(`${zipName}: ${formatCount(names.length)} class folders; the studio handles at most ${MAX_CLASSES} classes.`);
  }
  return names;
}

/**
 * Decodes every image into one count × height × width × channels array (1 channel while every
 * image is grey, 3 from the first one with colour); all must share the first one's size.
 */
function decodeAll(zipName: string, images: ZipImage[]): { values: Uint8Array; width: number; height: number; channels: number } {
  const first = decodeImage(zipName, images[0]!);
  const { width, height } = first;
  const pixels = new PixelTable(images.length, width * height);
  pixels.write(first, 0);
  for (let i = 1; i < images.length; i++) {
    const decoded = decodeImage(zipName, images[i]!);
    if (decoded.width !== width || decoded.height !== height) {
      throw new ImportError(
        `${zipName}: images of different sizes: ${images[0]!.path} is ${width}×${height} but ${images[i]!.path} is ` +
          `${decoded.width}×${decoded.height}; resize them all to one size.`,
      );
    }
    pixels.write(decoded, i);
  }
  return { values: pixels.values, width, height, channels: pixels.channels };
}

/** Decodes by content (PNG or JPEG signature), not by extension, which is often wrong. */
function decodeImage(zipName: string, image: ZipImage): Decoded {
  const isPng = startsWith(image.bytes, PNG_SIGNATURE);
  const isJpeg = !isPng && startsWith(image.bytes, JPEG_SIGNATURE);
  if (!isPng && !isJpeg) {
    throw new ImportError(`${zipName}: ${image.path} cannot be decoded: it is neither PNG nor JPEG data.`);
  }
  const format = isPng ? 'PNG' : 'JPEG';
  let decoded: Decoded;
  try {
    decoded = isPng ? fromPng(decodePng(image.bytes)) : fromJpeg(image.bytes);
  } catch (error) {
    throw new ImportError(`${zipName}: ${image.path} cannot be decoded as ${format} (${reason(error)}).`);
  }
  if (decoded.width === 0 || decoded.height === 0) throw new ImportError(`${zipName}: ${image.path} is an empty image (0 pixels).`);
  return decoded;
}

function fromJpeg(bytes: Uint8Array): Decoded {
  const { width, height, data } = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  return { width, height, channels: 4, maxValue: 255, data };
}

/** Palette images become RGB(A), 1/2/4-bit grey is unpacked; 16-bit values are kept and scaled later. */
function fromPng(png: DecodedPng): Decoded {
  const { width, height } = png;
  if (png.palette) {
    const channels = png.palette[0]?.length ?? 3;
    return { width, height, channels, maxValue: 255, data: convertIndexedToRgb(png) };
  }
  if (png.depth < 8) return { width, height, channels: 1, maxValue: 2 ** png.depth - 1, data: unpackBits(png) };
  return { width, height, channels: png.channels, maxValue: png.depth === 16 ? 65535 : 255, data: png.data };
}

/** Low-bit-depth grey rows are packed, most significant bits first, each row starting on a byte. */
function unpackBits(png: DecodedPng): Uint8Array {
  const { width, height, depth, data } = png;
  const rowBytes = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = data[y * rowBytes + (bit >> 3)]!;
      out[y * width + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

/**
 * The images' 0..255 values, HWC: one grey channel until an image with colour comes, then RGB
 * (the images before it copied to three channels, so grey data never pays for three). Alpha is
 * ignored (transparent pixels keep their colour).
 */
class PixelTable {
  channels = 1;
  values: Uint8Array;

  constructor(
    private readonly count: number,
    private readonly pixels: number,
  ) {
    this.values = new Uint8Array(count * pixels);
  }

  /** Writes image number `index`. */
  write(image: Decoded, index: number): void {
    if (this.channels === 1 && hasColour(image)) this.toRgb();
    const { data } = image;
    const step = image.channels;
    const scale = 255 / image.maxValue;
    const offset = index * this.pixels * this.channels;
    // A grey image's first channel is its grey; a colour one's R, G, B are its first three.
    const sources = this.channels === 1 ? [0] : step >= 3 ? [0, 1, 2] : [0, 0, 0];
    for (let p = 0; p < this.pixels; p++) {
      for (let c = 0; c < sources.length; c++) {
        this.values[offset + p * sources.length + c] = Math.min(255, Math.round(data[p * step + sources[c]!]! * scale));
      }
    }
  }

  private toRgb(): void {
    const grey = this.values;
    this.values = new Uint8Array(this.count * this.pixels * 3);
    const rgb = this.values;
    for (let i = 0, at = 0; i < grey.length; i++, at += 3) rgb[at] = rgb[at + 1] = rgb[at + 2] = grey[i]!;
    this.channels = 3;
  }
}

/** Whether any pixel's R, G and B differ (a colour PNG or JPEG of grey pixels is grey). */
function hasColour(image: Decoded): boolean {
  const { data, channels } = image;
  if (channels < 3) return false;
  for (let at = 0; at < data.length; at += channels) {
    if (data[at] !== data[at + 1] || data[at + 1] !== data[at + 2]) return true;
  }
  return false;
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}
