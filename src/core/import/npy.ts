/**
 * NumPy's .npy format (versions 1 to 3), as np.save writes it: the magic, the version, the header
 * (a Python dict literal: dtype, order, shape), then the data. What a logits file needs of it:
 * the header read and checked (float32, C order) and the table's dimensions.
 */
import { formatCount } from '../format';
import { ImportError } from './types';

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DTYPE_NAMES: Record<string, string> = {
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
  f16: 'float128',
  i1: 'int8',
  i2: 'int16',
  i4: 'int32',
  i8: 'int64',
  u1: 'uint8',
  u2: 'uint16',
  u4: 'uint32',
  u8: 'uint64',
  b1: 'bool',
  c8: 'complex64',
  c16: 'complex128',
};

export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

export function readNpyHeader(name: string, bytes: Uint8Array): NpyHeader {
  if (bytes.length < 10 || !NPY_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new ImportError(`${name}: not a NumPy .npy file (it does not start with \\x93NUMPY); save the logits with np.save.`);
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major < 1 || major > 3) {
    throw new ImportError(`${name}: NumPy format version ${major}.${bytes[7]} is not supported (the studio reads 1.0, 2.0 and 3.0).`);
  }
  const [lengthBytes, headerStart] = major === 1 ? [2, 10] : [4, 12];
  if (bytes.length < headerStart) throw new ImportError(`${name}: the file ends inside its header (truncated?).`);
  const headerLength = lengthBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = headerStart + headerLength;
  if (bytes.length < dataOffset) {
    throw new ImportError(
      `${name}: the file ends after ${formatCount(bytes.length)} bytes, inside its ${formatCount(dataOffset)}-byte header (truncated?).`,
    );
  }
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataOffset));
  return parseNpyDict(name, text, dataOffset);
}

/** The header is a Python dict literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (10000, 10), }. */
function parseNpyDict(name: string, text: string, dataOffset: number): NpyHeader {
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined) {
    const structured = /['"]descr['"]\s*:\s*\[/.test(text);
    throw new ImportError(
      structured
        ? `${name} holds a structured array (named fields); save a plain float32 array of logits.`
        : `${name}: the .npy header is damaged (no 'descr').`,
    );
  }
  if (fortran === undefined || shape === undefined)
    throw new ImportError(`${name}: the .npy header is damaged (no 'fortran_order' or 'shape').`);
  const dims = shape
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => Number(s.replace(/L$/, '')));
  if (dims.some((d) => !Number.isInteger(d) || d < 0))
    throw new ImportError(`${name}: the .npy header has an unreadable shape (${shape}).`);
  return { descr, fortranOrder: fortran === 'True', shape: dims, dataOffset };
}

export function checkNpyDtype(name: string, header: NpyHeader): void {
  const { descr } = header;
  if (descr !== '<f4') {
    const type = DTYPE_NAMES[descr.slice(1)] ?? 'an unsupported type';
    const bigEndian = descr.startsWith('>') && descr.length > 2 ? ', big-endian' : '';
    throw new ImportError(
      `${name} holds ${type}${bigEndian} ('${descr}'): save it as float32 (np.float32), ` + `e.g. np.save(path, logits.astype('<f4')).`,
    );
  }
  if (header.fortranOrder) {
    throw new ImportError(`${name} is stored in Fortran (column-major) order: save np.ascontiguousarray(logits) instead.`);
  }
}

export function npyDimensions(name: string, shape: number[]): { members: number; rows: number; columns: number; stacked: boolean } {
  if (shape.length === 2) return { members: 1, rows: shape[0]!, columns: shape[1]!, stacked: false };
  if (shape.length === 3) {
    if (shape[0] === 0) throw new ImportError(`${name} has shape (0, ${shape[1]}, ${shape[2]}): no members.`);
    return { members: shape[0]!, rows: shape[1]!, columns: shape[2]!, stacked: true };
  }
  const written = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  throw new ImportError(`${name} has shape ${written}; expected (N, C) for one model or (M, N, C) for M models.`);
}
