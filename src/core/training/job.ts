/**
 * What every long job shares, whatever it trains: one job at a time, a Stop the loops poll,
 * throttled progress, yielding to queued messages, and its time in the loops. The time-left
 * estimate from measured rates is in rates.ts.
 */

/** Default minimum time between progress messages (a few per second is enough for any chart). */
export const PROGRESS_INTERVAL_MS = 250;

export interface JobHooks<P> {
  onProgress?: (progress: P) => void;
  /** Minimum ms between progress calls (epoch ends and phase changes always come). */
  progressIntervalMs?: number;
}

/** A job the user cancelled outright (not a Stop that keeps what was done so far). */
export class JobCancelledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobCancelledError';
  }
}

/** Stop requests of the running job. Counting them lets a second press mean more than the first. */
export class StopSignal {
  private count = 0;
  request(): void {
    this.count++;
  }
  reset(): void {
    this.count = 0;
  }
  get stopped(): boolean {
    return this.count > 0;
  }
  /** How many times Stop was pressed during this job. */
  get requests(): number {
    return this.count;
  }
}

/** Runs one job at a time; Stop applies to the job that is running. */
export class JobGate {
  readonly stop = new StopSignal();
  private running = false;

  get busy(): boolean {
    return this.running;
  }

  async exclusive<T>(job: () => Promise<T>): Promise<T> {
    if (this.running) throw new Error('Another job is running; stop it first.');
    this.running = true;
    this.stop.reset();
    try {
      return await job();
    } finally {
      this.running = false;
    }
  }
}

/**
 * Lets queued messages (slider moves, Stop) in between batches. A MessageChannel round trip is a
 * macrotask without setTimeout's 4 ms clamp; awaiting a resolved promise would not be enough.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Yields to the event loop at most once per interval: often enough that a Stop or a slider move
 * is seen within milliseconds, rarely enough that a small model's batch loop does not spend its
 * time in message round trips.
 */
export class Yielder {
  private last = performance.now();
  constructor(private readonly intervalMs = 8) {}

  async maybe(): Promise<void> {
    if (performance.now() - this.last < this.intervalMs) return;
    await yieldToEventLoop();
    this.last = performance.now();
  }
}

/** Calls through at most once per interval. */
export class Throttle {
  private last = -Infinity;
  constructor(private readonly intervalMs: number) {}
  due(): boolean {
    const now = performance.now();
    if (now - this.last < this.intervalMs) return false;
    this.last = now;
    return true;
  }
}

/** How many training loops are running now (the benchmark counts read-backs made inside them). */
export const loopsRunning = { count: 0 };

/** Adds up the time spent inside training loops, and the images they saw. */
export class LoopClock {
  private readonly created = performance.now();
  private loopMs = 0;
  private startedAt: number | null = null;
  samples = 0;

  start(): void {
    if (this.startedAt === null) loopsRunning.count++;
    this.startedAt = performance.now();
  }

  stop(): void {
    if (this.startedAt !== null) {
      this.loopMs += performance.now() - this.startedAt;
      loopsRunning.count--;
    }
    this.startedAt = null;
  }

  timing(): { samples: number; loopSeconds: number; totalSeconds: number } {
    return { samples: this.samples, loopSeconds: this.loopMs / 1000, totalSeconds: (performance.now() - this.created) / 1000 };
  }
}
