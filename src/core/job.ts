/**
 * What every long job shares, whatever it trains: one job at a time, a Stop the loops poll,
 * throttled progress, yielding to queued messages, and a time-left estimate from measured rates.
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

/**
 * A kind of work whose speed is measured: training or inference of one model shape. `cost` is a
 * rough relative price of one image (parameters × 3 for a training step, × 1 for inference), used
 * only to guess the speed of kinds not measured yet from the ones that were.
 */
export interface WorkKind {
  key: string;
  cost: number;
}

/** Seconds per image of each kind of work on this backend, from every job so far (moving average). */
export class RateMeter {
  private readonly perImage = new Map<string, number>();
  private perCost: number | null = null;

  record(kind: WorkKind, images: number, seconds: number): void {
    if (images <= 0 || !(seconds > 0)) return;
    const sample = seconds / images;
    const previous = this.perImage.get(kind.key);
    // Recent windows weigh more: warm-up (shader compilation) fades out, a busier machine shows.
    this.perImage.set(kind.key, previous === undefined ? sample : 0.7 * previous + 0.3 * sample);
    const costSample = sample / kind.cost;
    this.perCost = this.perCost === null ? costSample : 0.7 * this.perCost + 0.3 * costSample;
  }

  /** Seconds per image, measured for this kind. */
  measured(kind: WorkKind): number | null {
    return this.perImage.get(kind.key) ?? null;
  }

  /** Seconds per image: measured, else guessed from the other kinds' speed per unit of cost. */
  secondsPerImage(kind: WorkKind): number | null {
    return this.measured(kind) ?? (this.perCost === null ? null : this.perCost * kind.cost);
  }

  /** Seconds for all of `work`, or null while nothing has been measured. */
  secondsFor(work: Iterable<[WorkKind, number]>): number | null {
    let total = 0;
    for (const [kind, images] of work) {
      if (images <= 0) continue;
      const rate = this.secondsPerImage(kind);
      if (rate === null) return null;
      total += rate * images;
    }
    return total;
  }
}

/**
 * Time left in a job: the work still to do (images per kind) at the rates measured so far.
 * The fraction done follows from elapsed and remaining time, so evaluation and caching count
 * as much as they take; it never moves backwards.
 */
export class JobEta {
  private readonly started = performance.now();
  private readonly remaining = new Map<string, [WorkKind, number]>();
  private readonly total = new Map<string, number>();
  private lastFraction = 0;

  constructor(
    private readonly meter: RateMeter,
    plan: [WorkKind, number][],
  ) {
    for (const [kind, images] of plan) this.add(kind, images);
  }

  private add(kind: WorkKind, images: number): void {
    const [, left] = this.remaining.get(kind.key) ?? [kind, 0];
    this.remaining.set(kind.key, [kind, left + images]);
    this.total.set(kind.key, (this.total.get(kind.key) ?? 0) + images);
  }

  /** `images` of `kind` are done. */
  done(kind: WorkKind, images: number): void {
    const entry = this.remaining.get(kind.key);
    if (entry) entry[1] = Math.max(0, entry[1] - images);
  }

  /** What is left is exactly `plan` (e.g. after a Stop, only caching the members that were trained). */
  replaceRemaining(plan: [WorkKind, number][]): void {
    for (const entry of this.remaining.values()) entry[1] = 0;
    for (const [kind, images] of plan) {
      const entry = this.remaining.get(kind.key);
      if (entry) entry[1] += images;
      else this.remaining.set(kind.key, [kind, images]);
    }
  }

  secondsLeft(): number | null {
    return this.meter.secondsFor(this.remaining.values());
  }

  /** 0..1; before any rate is known, the share of images done (training counted thrice). */
  fraction(): number {
    const left = this.secondsLeft();
    let fraction: number;
    if (left !== null) {
      const elapsed = (performance.now() - this.started) / 1000;
      fraction = elapsed + left > 0 ? elapsed / (elapsed + left) : 1;
    } else {
      let all = 0;
      let todo = 0;
      for (const [key, [kind, left]] of this.remaining) {
        all += (this.total.get(key) ?? 0) * kind.cost;
        todo += left * kind.cost;
      }
      fraction = all > 0 ? 1 - todo / all : 1;
    }
    this.lastFraction = Math.min(1, Math.max(this.lastFraction, fraction));
    return this.lastFraction;
  }
}

/** Times `run` and records its images as `kind` on the meter and the ETA. */
export async function measured<T>(meter: RateMeter, eta: JobEta | null, kind: WorkKind, images: number, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  meter.record(kind, images, (performance.now() - start) / 1000);
  eta?.done(kind, images);
  return result;
}
