import temml from 'temml';
import { describe, expect, it } from 'vitest';
import { LOSSES } from '../core/losses/registry';
import { SCHEDULE_TEXT } from './formulas';

describe('formulas', () => {
  const lines = [...LOSSES.map((loss) => loss.formula), ...Object.values(SCHEDULE_TEXT)].flatMap((text) => text?.lines ?? []);

  it.each(lines)('typesets %s without an error', (latex) => {
    const mathml = temml.renderToString(latex, { displayMode: true, throwOnError: true });
    expect(mathml).toMatch(/^<math/);
    expect(mathml).not.toMatch(/merror/);
  });
});
