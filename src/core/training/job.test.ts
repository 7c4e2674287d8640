import { describe, expect, it } from 'vitest';
import { JobEta, RATE_HALF_LIFE_SECONDS, RateMeter, type WorkKind } from './rates';
import { JobGate, StopSignal, Throttle, yieldToEventLoop } from './job';

const train: WorkKind = { key: 'train', cost: 30 };
const infer: WorkKind = { key: 'infer', cost: 10 };
const other: WorkKind = { key: 'other', cost: 20 };

describe('StopSignal and JobGate', () => {
  it('counts stop requests and clears them for the next job', async () => {
    const s = new StopSignal();
    expect([s.stopped, s.requests]).toEqual([false, 0]);
    s.request();
    s.request();
    expect([s.stopped, s.requests]).toEqual([true, 2]);
    s.reset();
    expect(s.stopped).toBe(false);
  });

  it('runs one job at a time and resets Stop for each', async () => {
    const gate = new JobGate();
    gate.stop.request();
    let release!: () => void;
    const first = gate.exclusive(
      () =>
        new Promise<string>((resolve) => {
          release = () => resolve('done');
        }),
    );
    expect(gate.busy).toBe(true);
    expect(gate.stop.stopped).toBe(false);
    await expect(gate.exclusive(async () => 'second')).rejects.toThrow(/Another job is running/);
    release();
    await expect(first).resolves.toBe('done');
    expect(gate.busy).toBe(false);
  });
});

describe('RateMeter', () => {
  it('knows nothing at first, then the measured seconds per image: windows weighted by their images, older ones decayed', () => {
    const meter = new RateMeter();
    expect(meter.secondsPerImage(train)).toBeNull();
    expect(meter.secondsFor([[train, 100]])).toBeNull();
    meter.record(train, 100, 1);
    expect(meter.measured(train)).toBeCloseTo(0.01, 12);
    meter.record(train, 100, 2);
    // The first window keeps 0.5^(2 s / half-life) of its weight.
    const keep = 0.5 ** (2 / RATE_HALF_LIFE_SECONDS);
    expect(meter.measured(train)).toBeCloseTo((1 * keep + 2) / (100 * keep + 100), 12);
    meter.record(train, 0, 5); // ignored: no images
    meter.record(train, 10, 0); // ignored: no time
    expect(meter.measured(train)).toBeCloseTo((1 * keep + 2) / (100 * keep + 100), 12);
  });

  it('counts a one-batch window at an epoch end as one batch, not as much as eight', () => {
    const meter = new RateMeter();
    meter.record(train, 8 * 64, 8 * 0.01); // eight batches at 10 ms
    meter.record(train, 64, 0.03); // one batch with the epoch's read-back: 30 ms
    // About 12 ms a batch (a per-window average would have said 20 ms).
    expect(meter.measured(train)! * 64).toBeGreaterThan(0.011);
    expect(meter.measured(train)! * 64).toBeLessThan(0.0125);
  });

  it("lets a job's own windows take over from a probe's few steps within seconds", () => {
    const meter = new RateMeter();
    meter.record(train, 200, 0.3 * 2); // the probe: 3 ms an image (a cold engine)
    for (let w = 0; w < 20; w++) meter.record(train, 1000, 1); // the job: 1 ms an image, 20 s of it
    expect(meter.measured(train)).toBeGreaterThan(0.001);
    expect(meter.measured(train)).toBeLessThan(0.00101);
  });

  it('guesses unmeasured kinds from the speed per unit of cost', () => {
    const meter = new RateMeter();
    meter.record(infer, 1000, 1); // 1 ms per image at cost 10
    expect(meter.measured(other)).toBeNull();
    expect(meter.secondsPerImage(other)).toBeCloseTo(0.002, 12);
    expect(
      meter.secondsFor([
        [infer, 500],
        [other, 500],
      ]),
    ).toBeCloseTo(0.5 + 1, 12);
  });

  it("keeps each job type's wall time per measured second (1 until a job finished), the last job counting most", () => {
    const meter = new RateMeter();
    expect(meter.overhead('distill')).toBe(1);
    meter.recordJob('distill', 11, 10);
    expect(meter.overhead('distill')).toBeCloseTo(1.1, 12);
    meter.recordJob('distill', 12, 10);
    expect(meter.overhead('distill')).toBeCloseTo((5.5 + 12) / (5 + 10), 12);
    meter.recordJob('teachers', 1, 2); // measured more than the wall: ignored
    expect(meter.overhead('teachers')).toBe(1);
    const before = meter.recordedSeconds;
    meter.record(train, 10, 0.5);
    expect(meter.recordedSeconds - before).toBeCloseTo(0.5, 12);
  });
});

describe('JobEta', () => {
  it('has no time left until a rate is known, and moves by the cost-weighted images done meanwhile', () => {
    const meter = new RateMeter();
    const eta = new JobEta(meter, [
      [train, 100],
      [infer, 300],
    ]);
    expect(eta.secondsLeft()).toBeNull();
    expect(eta.fraction()).toBe(0);
    eta.done(train, 50); // 50 × 30 of 100 × 30 + 300 × 10
    expect(eta.fraction()).toBeCloseTo(0.25, 12);
  });

  it('counts the evaluation/caching work, so the time left does not reach 0 when the training ends', () => {
    const meter = new RateMeter();
    meter.record(train, 100, 1);
    meter.record(infer, 100, 0.5);
    const eta = new JobEta(meter, [
      [train, 200],
      [infer, 400],
    ]);
    expect(eta.secondsLeft()).toBeCloseTo(2 + 2, 9);
    eta.done(train, 200);
    expect(eta.secondsLeft()).toBeCloseTo(2, 9);
    eta.done(infer, 1000);
    expect(eta.secondsLeft()).toBe(0);
    expect(eta.fraction()).toBe(1);
  });

  it('replaceRemaining keeps only the named work (e.g. caching after a Stop)', () => {
    const meter = new RateMeter();
    meter.record(train, 10, 1);
    meter.record(infer, 10, 1);
    const eta = new JobEta(meter, [
      [train, 100],
      [infer, 100],
    ]);
    eta.replaceRemaining([[infer, 30]]);
    expect(eta.secondsLeft()).toBeCloseTo(3, 9);
  });

  it("records a window on the meter and takes it off the plan; the time left blends earlier jobs' overhead with this one's", () => {
    let now = 0;
    const meter = new RateMeter();
    meter.record(train, 100, 1); // 10 ms an image
    meter.recordJob('teachers', 12, 10); // earlier jobs: 20 % on top of the measured work
    const eta = new JobEta(meter, [[train, 1000]], 'teachers', () => now);
    expect(eta.secondsLeft()).toBeCloseTo(1000 * 0.01 * 1.2, 9);
    now = 1000;
    eta.record(train, 100, 1);
    // One measured second in one second of wall time: this job so far has no overhead.
    const weight = 1 / (1 + 10);
    expect(eta.overhead()).toBeCloseTo(1.2 + (1 - 1.2) * weight, 9);
    expect(eta.secondsLeft()).toBeCloseTo(900 * meter.measured(train)! * eta.overhead(), 9);
  });

  it('converges: a job that runs at twice the estimated time per image, with 10 % unmeasured, ends with its time left at 0', () => {
    let now = 0;
    const meter = new RateMeter();
    meter.record(train, 640, 0.64); // the probe: 1 ms an image
    const eta = new JobEta(meter, [[train, 64_000]], 'distill', () => now);
    const windows = 100;
    const truth = (done: number) => (windows - done) * 1.41; // each window: 1.28 s of work + 0.13 s between windows
    expect(eta.secondsLeft()).toBeCloseTo(64, 6); // the estimate at the start: half the truth
    const errors: number[] = [];
    for (let w = 1; w <= windows; w++) {
      now += 1280;
      eta.record(train, 640, 1.28); // 2 ms an image
      now += 130;
      if (w < windows) errors.push(Math.abs(eta.secondsLeft()! - truth(w)) / truth(w));
    }
    // After a tenth of the job the countdown is within 15 % of the truth, and it ends at 0.
    expect(Math.max(...errors.slice(windows / 10))).toBeLessThan(0.15);
    expect(eta.secondsLeft()).toBe(0);
    expect(eta.fraction()).toBe(1);
  });

  it('never moves the fraction backwards', () => {
    const meter = new RateMeter();
    const eta = new JobEta(meter, [[train, 100]]);
    eta.done(train, 80);
    const before = eta.fraction();
    meter.record(train, 1, 1000); // a very slow window: the time-based fraction would drop
    expect(eta.fraction()).toBeGreaterThanOrEqual(before);
  });
});

describe('small helpers', () => {
  it('Throttle lets one call through per interval', () => {
    const t = new Throttle(60_000);
    expect(t.due()).toBe(true);
    expect(t.due()).toBe(false);
    expect(new Throttle(0).due()).toBe(true);
  });

  it('yieldToEventLoop resolves (a macrotask round trip through a MessageChannel)', async () => {
    await expect(yieldToEventLoop()).resolves.toBeUndefined();
  });
});
