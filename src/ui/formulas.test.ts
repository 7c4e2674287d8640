import temml from 'temml';
import { describe, expect, it } from 'vitest';
import { CHOICES } from '../core/settings/config';
import { LOSS_TEXT, SCHEDULE_TEXT } from './formulas';

describe('formulas', () => {
  const lines = [...Object.values(LOSS_TEXT), ...Object.values(SCHEDULE_TEXT)].flatMap((text) => text?.lines ?? []);

  it.each(lines)('typesets %s without an error', (latex) => {
    const mathml = temml.renderToString(latex, { displayMode: true, throwOnError: true });
    expect(mathml).toMatch(/^<math/);
    expect(mathml).not.toMatch(/merror/);
  });

  it('every loss and every schedule but the constant one has its formula', () => {
    const options = (key: 'loss' | 'temperatureSchedule') => CHOICES.find((c) => c.key === key)!.options.map((o) => o.value);
    expect(Object.keys(LOSS_TEXT).sort()).toEqual(options('loss').sort());
    expect(
      Object.entries(SCHEDULE_TEXT)
        .filter(([, text]) => text !== null)
        .map(([name]) => name)
        .sort(),
    ).toEqual(
      options('temperatureSchedule')
        .filter((v) => v !== 'constant')
        .sort(),
    );
  });
});
