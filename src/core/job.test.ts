import { describe, expect, it } from 'vitest';
import { JobEta, JobGate, RateMeter, StopSignal, Throttle, yieldToEventLoop, type WorkKind } from './job';

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
  it('knows nothing at first, then the measured seconds per image, smoothed towards recent windows', () => {
    const meter = new RateMeter();
    expect(meter.secondsPerImage(train)).toBeNull();
    expect(meter.secondsFor([[train, 100]])).toBeNull();
    meter.record(train, 100, 1);
    expect(meter.measured(train)).toBeCloseTo(0.01, 12);
    meter.record(train, 100, 2);
    expect(meter.measured(train)).toBeCloseTo(0.7 * 0.01 + 0.3 * 0.02, 12);
    meter.record(train, 0, 5); // ignored: no images
    expect(meter.measured(train)).toBeCloseTo(0.013, 12);
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
