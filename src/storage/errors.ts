/**
 * Saving and loading failures in words a user can act on (a full disk is a StorageFullError,
 * anything else a StorageError), and reading the browser's own errors behind them.
 */
import { formatBytes } from '../core/format';
import type { StorageUsage } from './records';

/** Saving or loading failed; the message says what and why, for the user. */
export class StorageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StorageError';
  }
}

/** The browser refused a write because this site's storage quota is used up. */
export class StorageFullError extends StorageError {
  readonly usage: StorageUsage;

  constructor(usage: StorageUsage, options?: ErrorOptions) {
    super(storageFullMessage(usage), options);
    this.name = 'StorageFullError';
    this.usage = usage;
  }
}

function storageFullMessage({ usedBytes, quotaBytes }: StorageUsage): string {
  const figures = usedBytes !== null && quotaBytes !== null ? ` (${describeBytes(usedBytes)} used of ${describeBytes(quotaBytes)})` : '';
  return (
    `The browser refused to save: its storage for this site is full${figures}. ` +
    'What is on the page is kept; delete saved runs or datasets to make room.'
  );
}

/** Bytes in a sentence: formatBytes ("950 B", "1.2 MB", "48 MB", "2.1 GB"), or "an unknown amount". */
export function describeBytes(bytes: number): string {
  return Number.isFinite(bytes) && bytes >= 0 ? formatBytes(bytes) : 'an unknown amount';
}

/** Firefox before the standard name used its own. */
const QUOTA_ERROR_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

export function isQuotaError(error: unknown): boolean {
  const name = errorName(error);
  return name !== null && QUOTA_ERROR_NAMES.has(name);
}

export function errorName(error: unknown): string | null {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' ? error.name : null;
}

/** The browser's own error behind one of ours, if there is one. */
export function underlying(error: unknown): unknown {
  return error instanceof StorageError && error.cause !== undefined ? error.cause : error;
}

export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' && error.message !== '') {
    return error.message;
  }
  return errorName(error) ?? String(error);
}
