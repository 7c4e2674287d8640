/**
 * What every importer checks before it parses: the file's size (refused before reading, so a
 * huge file never fills the tab's memory), which format a set of files is in (by name, so the
 * studio can route files to the right parser), and gzip (looked through, as IDX files usually
 * come compressed). Also the number formatting the importers' messages share.
 */
import { gunzipSync } from 'fflate';
import { formatGigabytes } from '../format';
import { ImportError, MAX_IMPORT_BYTES, type InputFile } from './types';

export type ImportFormat = 'idx' | 'csv' | 'zip' | 'npy' | 'json';

const ACCEPTED = 'IDX (…-ubyte, optionally .gz), .csv, .zip of images, .npy or .json';

/** Refuses a file by its size alone: empty, or larger than the studio reads. */
export function checkImportSize(name: string, bytes: number): void {
  if (bytes === 0) throw new ImportError(`${name}: the file is empty (0 bytes).`);
  if (bytes > MAX_IMPORT_BYTES) {
    throw new ImportError(
      `${name}: the file is ${formatGigabytes(bytes)}; the studio reads files up to ${formatGigabytes(MAX_IMPORT_BYTES)}. ` +
        'Split it, or keep fewer samples.',
    );
  }
}

/**
 * The format of a set of chosen files, by their names. IDX comes as two or four files (images and
 * labels, train and test); every other format is one file.
 */
export function detectFormat(names: string[]): ImportFormat {
  if (names.length === 0) throw new ImportError('No file chosen.');
  const formats = names.map((name) => ({ name, format: formatOfName(name) }));
  const unknown = formats.find((f) => f.format === null);
  if (unknown) throw new ImportError(`${unknown.name}: unknown file type; the studio reads ${ACCEPTED}.`);
  const first = formats[0]!;
  const other = formats.find((f) => f.format !== first.format);
  if (other) {
    throw new ImportError(
      `These files mix formats (${first.name} is ${first.format!.toUpperCase()}, ${other.name} is ${other.format!.toUpperCase()}): ` +
        'import one dataset at a time.',
    );
  }
  const format = first.format!;
  if (format !== 'idx' && names.length > 1) {
    throw new ImportError(`Choose one ${format.toUpperCase()} file at a time (got ${names.length}: ${names.join(', ')}).`);
  }
  return format;
}

/** The format a file name says, looking through a final ".gz"; null if it says none. */
function formatOfName(name: string): ImportFormat | null {
  const bare = withoutGz(name).toLowerCase();
  if (/-ubyte$/.test(bare) || bare.endsWith('.idx')) return 'idx';
  const extension = extensionOf(bare);
  switch (extension) {
    case 'csv':
      return 'csv';
    case 'zip':
      return 'zip';
    case 'npy':
      return 'npy';
    case 'json':
      return 'json';
    default:
      return null;
  }
}

/** The name without a final ".gz" (any case). */
export function withoutGz(name: string): string {
  return /\.gz$/i.test(name) ? name.slice(0, -3) : name;
}

/** The lower-case extension after the last dot of the file's base name, '' if none. */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/**
 * The file's bytes, decompressed if they are gzip data (recognised by the magic bytes 1f 8b, not
 * by the name). A name ending in ".gz" over bytes that are not gzip is refused: the file is
 * probably damaged or was decompressed on download but kept its name, and saying so beats a
 * confusing "wrong magic" later.
 */
export function gunzipIfCompressed(file: InputFile): Uint8Array {
  const { name, bytes } = file;
  if (bytes.length === 0) throw new ImportError(`${name}: the file is empty (0 bytes).`);
  const isGzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!isGzip) {
    if (/\.gz$/i.test(name)) {
      throw new ImportError(
        `${name}: the name ends in .gz but the file is not gzip data (gzip files start with the bytes 1f 8b; ` +
          `this one starts with ${hexBytes(bytes.subarray(0, 4))}). Was it already decompressed? Then remove the .gz from its name.`,
      );
    }
    return bytes;
  }
  checkGunzippedSize(file);
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new ImportError(`${name}: the gzip data is damaged or truncated and cannot be decompressed (${reason(error)}).`);
  }
}

/** Deflate cannot shrink data more than about 1032:1: a larger ratio in the trailer means a damaged file. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * Refuses a gzip file that would decompress to more than the studio reads, before decompressing
 * (the decompressor allocates what the trailer announces). The trailer stores the size modulo
 * 4 GiB; a truncated file ends in arbitrary bytes, so an impossible size means damage, not size.
 */
function checkGunzippedSize(file: InputFile): void {
  const { bytes } = file;
  if (bytes.length < 18) return; // too short to hold a trailer: gunzip will say it is damaged
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4);
  const size = trailer.getUint32(0, true);
  if (size > bytes.length * MAX_DEFLATE_RATIO) {
    throw new ImportError(`${file.name}: the gzip data is damaged or truncated (its last bytes announce an impossible size).`);
  }
  if (size > MAX_IMPORT_BYTES) {
    throw new ImportError(
      `${file.name}: the file decompresses to ${formatGigabytes(size)}; the studio reads up to ${formatGigabytes(MAX_IMPORT_BYTES)}.`,
    );
  }
}

/** "1f 8b 08 00": the first bytes of a file, for messages about what it starts with. */
export function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** An underlying library's error as a short phrase for a message. */
export function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\.$/, '') || 'unknown error';
}
