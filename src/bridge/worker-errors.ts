/** How the bridge tells a dead worker from a failed call, and says either in words. */

/** A call failed because the worker died; the store shows the crash alert instead of an error. */
export class WorkerCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashedError';
  }
}

/** Errors after which the worker's tfjs backend is unusable (WebGPU device / WebGL context gone). */
export const FATAL_ERROR = /device (was |is )?lost|GPUDevice.*lost|context (was |is )?lost|CONTEXT_LOST|out of memory/i;

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** A readable reason from a worker's error event (errors from its own threads arrive as "[object ErrorEvent]"). */
export function describeWorkerError(event: ErrorEvent): string {
  if (event.error instanceof Error && event.error.message) return event.error.message;
  const message = (event.message ?? '').replace(/^Uncaught\s+/, '');
  if (message === '') return 'the worker script failed to load or threw an uncaught error';
  if (message.includes('[object ')) return "an uncaught error in one of the worker's helper threads";
  const where = event.filename ? ` (${event.filename.split('/').pop()}:${event.lineno})` : '';
  return `${message}${where}`;
}
