/**
 * Measured speeds: each kind of work's seconds per image on this backend (RateMeter, from every
 * probe and job), and a job's time left and fraction done from them (JobEta).
 */
/**
 * A kind of work whose speed is measured: training or inference of one model shape on inputs of
 * one width, at one batch size. `cost` is a rough relative price of one image (multiply-adds, × 3
 * for a training step), used only to guess the speed of kinds not measured yet from the ones that were.
 */
export interface WorkKind {
  key: string;
  cost: number;
}

/** The jobs whose overhead (time no kind of work accounts for) the meter keeps. */
export type JobType = 'teachers' | 'distill';

/**
 * Older measurements of a kind weigh half as much after every this many seconds of newer work of
 * that kind: a probe's few steps give way to a job's own windows within seconds, and a machine
 * that gets busier shows in the rates.
 */
export const RATE_HALF_LIFE_SECONDS = 10;

/** Seconds and images (or cost units) measured, older ones decayed. */
interface Tally {
  seconds: number;
  images: number;
}

function addTo(tally: Tally, images: number, seconds: number): void {
  const keep = 0.5 ** (seconds / RATE_HALF_LIFE_SECONDS);
  tally.seconds = tally.seconds * keep + seconds;
  tally.images = tally.images * keep + images;
}

/**
 * Seconds per image of each kind of work on this backend and dataset, from every probe and job so
 * far: the time of all measured windows over their images, each window weighted by its images (a
 * one-batch window at an epoch's end counts for one batch, not as much as eight), the older ones
 * decayed (RATE_HALF_LIFE_SECONDS).
 */
export class RateMeter {
  private readonly tallies = new Map<string, Tally>();
  /** Seconds per unit of cost over every kind: the guess for a kind never measured. */
  private readonly costed: Tally = { seconds: 0, images: 0 };
  /** Per job type: its wall time and the part of it that kinds of work measured. */
  private readonly jobs = new Map<JobType, { wall: number; measured: number }>();
  private recorded = 0;

  record(kind: WorkKind, images: number, seconds: number): void {
    if (images <= 0 || !(seconds > 0)) return;
    let tally = this.tallies.get(kind.key);
    if (!tally) this.tallies.set(kind.key, (tally = { seconds: 0, images: 0 }));
    addTo(tally, images, seconds);
    if (kind.cost > 0) addTo(this.costed, images * kind.cost, seconds);
    this.recorded += seconds;
  }

  /** Seconds per image, measured for this kind. */
  measured(kind: WorkKind): number | null {
    const tally = this.tallies.get(kind.key);
    return tally && tally.images > 0 ? tally.seconds / tally.images : null;
  }

  /** Seconds per image: measured, else guessed from the other kinds' speed per unit of cost. */
  secondsPerImage(kind: WorkKind): number | null {
    return this.measured(kind) ?? (this.costed.images > 0 ? (this.costed.seconds / this.costed.images) * kind.cost : null);
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

  /** Seconds recorded on every kind so far (a job's share is the difference between its start and its end). */
  get recordedSeconds(): number {
    return this.recorded;
  }

  /** A finished job of `type` took `wallSeconds`, of which its kinds of work measured `measuredSeconds`. */
  recordJob(type: JobType, wallSeconds: number, measuredSeconds: number): void {
    if (!(wallSeconds > 0) || !(measuredSeconds > 0) || measuredSeconds > wallSeconds * 1.001) return;
    const previous = this.jobs.get(type);
    // The last job counts most; the one before it half as much.
    this.jobs.set(type, {
      wall: (previous?.wall ?? 0) / 2 + wallSeconds,
      measured: (previous?.measured ?? 0) / 2 + measuredSeconds,
    });
  }

  /**
   * Wall time per measured second in jobs of `type` (≥ 1): setting up models, per-epoch
   * bookkeeping, saving. 1 until such a job has finished.
   */
  overhead(type: JobType): number {
    const job = this.jobs.get(type);
    return job ? Math.max(1, job.wall / job.measured) : 1;
  }
}

/**
 * How much a job's own measured overhead counts against the meter's (from earlier jobs) in the
 * time left: as much as this many seconds of the job's measured work.
 */
const OVERHEAD_PRIOR_SECONDS = 10;

/**
 * Time left in a job: the work still to do (images per kind) at the meter's rates — which this
 * job's own windows take over within seconds of starting (RATE_HALF_LIFE_SECONDS) — times the
 * wall time per measured second, from earlier jobs blended with this one's. As the work runs out
 * the time left goes to 0. The fraction done follows from elapsed and remaining time, so evaluation
 * and caching count as much as they take; it never moves backwards.
 */
export class JobEta {
  private readonly started: number;
  private readonly remaining = new Map<string, [WorkKind, number]>();
  private readonly total = new Map<string, number>();
  private lastFraction = 0;
  /** Seconds this job's kinds of work measured so far. */
  private measuredSeconds = 0;

  constructor(
    private readonly meter: RateMeter,
    plan: [WorkKind, number][],
    private readonly type: JobType | null = null,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
    for (const [kind, images] of plan) this.add(kind, images);
  }

  private add(kind: WorkKind, images: number): void {
    const [, left] = this.remaining.get(kind.key) ?? [kind, 0];
    this.remaining.set(kind.key, [kind, left + images]);
    this.total.set(kind.key, (this.total.get(kind.key) ?? 0) + images);
  }

  /** `images` of `kind` are done and took `seconds`: recorded on the meter and taken off the plan. */
  record(kind: WorkKind, images: number, seconds: number): void {
    this.meter.record(kind, images, seconds);
    if (images > 0 && seconds > 0) this.measuredSeconds += seconds;
    this.done(kind, images);
  }

  /** `images` of `kind` are done (timed elsewhere, or not worth timing). */
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

  /** Wall seconds per measured second: the meter's (earlier jobs of this type), then more and more this job's. */
  overhead(): number {
    const prior = this.type === null ? 1 : this.meter.overhead(this.type);
    if (this.measuredSeconds <= 0) return prior;
    const own = Math.max(1, this.elapsed() / this.measuredSeconds);
    const weight = this.measuredSeconds / (this.measuredSeconds + OVERHEAD_PRIOR_SECONDS);
    return prior + (own - prior) * weight;
  }

  secondsLeft(): number | null {
    const work = this.meter.secondsFor(this.remaining.values());
    return work === null ? null : work * this.overhead();
  }

  /** 0..1; before any rate is known, the share of images done (weighted by cost). */
  fraction(): number {
    const left = this.secondsLeft();
    let fraction: number;
    if (left !== null) {
      const elapsed = this.elapsed();
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

  private elapsed(): number {
    return (this.now() - this.started) / 1000;
  }
}

/** Times `run` and records its images as `kind` on the ETA (and so the meter), or on the meter alone. */
export async function measured<T>(meter: RateMeter, eta: JobEta | null, kind: WorkKind, images: number, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  const seconds = (performance.now() - start) / 1000;
  if (eta) eta.record(kind, images, seconds);
  else meter.record(kind, images, seconds);
  return result;
}
