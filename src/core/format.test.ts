import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatGigabytes, formatMs, formatPercent, plural } from './format';

describe('message formatting', () => {
  it('writes counts and sizes for people', () => {
    expect(formatCount(47_040_016)).toBe('47,040,016');
    expect(formatGigabytes(2 * 1024 ** 3)).toBe('2 GB');
    expect(formatGigabytes(1.5 * 1024 ** 3)).toBe('1.5 GB');
    expect(plural(1, 'image')).toBe('1 image');
    expect(plural(70_000, 'image')).toBe('70,000 images');
    expect(plural(10, 'class', 'classes')).toBe('10 classes');
  });

  it('writes bytes in powers of 1000, one decimal under 10', () => {
    expect(formatBytes(950)).toBe('950 B');
    expect(formatBytes(4_100)).toBe('4.1 kB');
    expect(formatBytes(50_880)).toBe('51 kB');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatBytes(48_200_000)).toBe('48 MB');
    expect(formatBytes(2_100_000_000)).toBe('2.1 GB');
    expect(formatBytes(Number.NaN)).toBe('–');
  });

  it('writes percentages, milliseconds and durations', () => {
    expect(formatPercent(0.97354)).toBe('97.35 %');
    expect(formatPercent(0.97354, 1)).toBe('97.4 %');
    expect(formatPercent(Number.NaN)).toBe('–');
    expect(formatMs(3.14159)).toBe('3.14 ms');
    expect(formatMs(420.4)).toBe('420 ms');
    expect(formatDuration(7)).toBe('7 s');
    expect(formatDuration(85)).toBe('1 min 25 s');
    expect(formatDuration(4000)).toBe('1 h 6 min');
  });
});
