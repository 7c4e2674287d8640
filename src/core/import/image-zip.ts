/**
 * A zip of PNG/JPEG images, one folder per class (`cat/001.png`, `dog/002.jpg`): the way image
 * datasets are usually handed around. Every image becomes grey (one channel) so colour, grey and
 * palette files share one shape; the images must already share one size, as resizing would
 * silently change the data. A folder is the class of the images directly in it, so a wrapping
 * folder or train/test folders above the class folders (`mnist/train/7/1.png`) do no harm.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { convertIndexedToRgb, decode as decodePng, type DecodedPng } from 'fast-png';
import jpeg from 'jpeg-js';
import { formatCount } from '../format';
import { reason } from './limits';
import { ImportError, MAX_CLASSES, type ImportedData, type InputFile } from './types';

const IMAGE_EXTENSION = /\.(png|jpe?g)$/i;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const STORED = 0;
const DEFLATE = 8;

interface ZipImage {
  path: string;
  className: string;
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
  const images = readImages(file);
  const classNames = classNamesOf(file.name, images);
  const classIndex = new Map(classNames.map((name, index) => [name, index]));
  const labels = new Uint8Array(images.map((image) => classIndex.get(image.className)!));
  const { values, width, height } = decodeAll(file.name, images);
  return {
    name: file.name,
    classNames,
    features: width * height,
    values,
    image: { height, width, channels: 1 },
    columns: null,
    labels,
  };
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
  return paths.map((path) => ({ path, className: classFolderOf(file.name, path), bytes: entries[path]! }));
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

/** Decodes every image into one count × height × width grey array; all must share the first one's size. */
function decodeAll(zipName: string, images: ZipImage[]): { values: Uint8Array; width: number; height: number } {
  const first = decodeImage(zipName, images[0]!);
  const { width, height } = first;
  const pixels = width * height;
  const values = new Uint8Array(images.length * pixels);
  writeGrey(first, values, 0);
  for (let i = 1; i < images.length; i++) {
    const decoded = decodeImage(zipName, images[i]!);
    if (decoded.width !== width || decoded.height !== height) {
      throw new ImportError(
        `${zipName}: images of different sizes: ${images[0]!.path} is ${width}×${height} but ${images[i]!.path} is ` +
          `${decoded.width}×${decoded.height}; resize them all to one size.`,
      );
    }
    writeGrey(decoded, values, i * pixels);
  }
  return { values, width, height };
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
 * Writes the image as 0..255 grey at `offset`: luminance 0.299 R + 0.587 G + 0.114 B for colour,
 * the grey value for grey; alpha is ignored (transparent pixels keep their colour).
 */
function writeGrey(image: Decoded, out: Uint8Array, offset: number): void {
  const { data, channels } = image;
  const scale = 255 / image.maxValue;
  const pixels = image.width * image.height;
  const colour = channels >= 3;
  for (let p = 0, at = 0; p < pixels; p++, at += channels) {
    const grey = colour ? 0.299 * data[at]! + 0.587 * data[at + 1]! + 0.114 * data[at + 2]! : data[at]!;
    out[offset + p] = Math.min(255, Math.round(grey * scale));
  }
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}
