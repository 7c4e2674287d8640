/**
 * Teaching mode's defaults and what the page says about them: every shape's promise comes from
 * the measured table (toy-demos.json), and that table was measured with today's defaults.
 */
import { describe, expect, it } from 'vitest';
import { TOY_KIND_NAMES } from '../core/data/toy-settings';
import { showsGain, teachingDefaults, TOY_DEMOS, toyDemoNote, toyFromHash, toyToHash } from './teaching';

describe('the measured 2D demos', () => {
  it('cover every shape, measured with the defaults the page starts from (else run npm run toy-table again)', () => {
    expect(TOY_DEMOS.map((row) => row.kind).sort()).toEqual([...TOY_KIND_NAMES].sort());
    for (const row of TOY_DEMOS) {
      const { toy, config } = teachingDefaults(row.kind);
      const { seed: _toySeed, ...toySettings } = toy;
      const { seed: _seed, ...configSettings } = config;
      expect(row.toy, row.kind).toEqual(toySettings);
      expect(row.config, row.kind).toEqual(configSettings);
      expect(row.seeds).toEqual([0, 1, 2, 3, 4]);
      expect(row.gains).toHaveLength(5);
      expect(row.gain).toBeCloseTo(row.gains.reduce((a, b) => a + b, 0) / 5, 9);
    }
  });

  it('the page promises a gain only where the table shows one, and says so plainly where it does not', () => {
    for (const row of TOY_DEMOS) {
      const note = toyDemoNote(row.kind);
      const gain = `${row.gain >= 0 ? '+' : '−'}${Math.abs(row.gain).toFixed(1)} ± ${row.gainSd.toFixed(1)} points`;
      expect(note).toContain(gain);
      if (showsGain(row)) expect(note).toMatch(/^A distillation demo: .* beat its baseline/);
      else expect(note).toMatch(/^Not a distillation demo: .* nothing to show/);
    }
    expect(showsGain({ gain: 2.5, gainSd: 1 })).toBe(true);
    expect(showsGain({ gain: 2.5, gainSd: 3 })).toBe(false);
    expect(showsGain({ gain: 1.5, gainSd: 0.1 })).toBe(false);
  });

  it('the spirals are a distillation demo', () => {
    expect(showsGain(TOY_DEMOS.find((row) => row.kind === 'spirals')!)).toBe(true);
  });
});

describe('teaching defaults in the link', () => {
  it('each shape starts from its own defaults, and a link round-trips them, unlabelled points included', () => {
    for (const kind of TOY_KIND_NAMES) {
      const { toy } = teachingDefaults(kind);
      expect(toyFromHash(toyToHash({ ...toy, unlabelled: 350 }))).toEqual({ ...toy, unlabelled: 350 });
    }
    expect(toyToHash(teachingDefaults('spirals').toy)).toContain('toy-unlabelled=2000');
  });
});
