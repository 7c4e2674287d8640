import { describe, expect, it } from 'vitest';
import { choices, type StudentLine } from '../scripts/lib/fashion-choice';

/** A result line whose distilled student scored `val` on validation and `test` on test. */
function line(seed: number, variant: string, temperature: number, alpha: number, val: number, test = 0.5): StudentLine {
  const figures = { val: 0.8, test: 0.8 };
  return { seed, variant, temperature, alpha, ensemble: figures, student: { val, test }, baseline: figures, seconds: 1 };
}

describe('choosing T and alpha for the Fashion-MNIST table', () => {
  it('picks the candidate best on validation, never looking at test', () => {
    const searched = [line(0, 'mlp', 2, 0.5, 0.89, 0.8), line(0, 'mlp', 8, 0.9, 0.88, 0.99)];
    expect(choices(searched, searched).get('mlp')).toEqual({ temperature: 2, alpha: 0.5 });
  });

  it("counts the preset's own run (a students line) among the candidates", () => {
    const searched = [line(0, 'mlp', 2, 0.5, 0.89)];
    const preset = line(0, 'mlp', 4, 0.9, 0.9);
    expect(choices([...searched, preset], searched).get('mlp')).toEqual({ temperature: 4, alpha: 0.9 });
  });

  it('chooses on the first seed searched; later seeds only run the choice', () => {
    const searched = [line(0, 'mlp', 2, 0.9, 0.87), line(0, 'mlp', 4, 0.9, 0.86), line(1, 'mlp', 4, 0.9, 0.95)];
    expect(choices(searched, searched).get('mlp')).toEqual({ temperature: 2, alpha: 0.9 });
  });

  it('gives no choice to a student with a single candidate (not searched)', () => {
    const searched = [line(0, 'cnn', 4, 0.9, 0.9)];
    expect(choices(searched, searched).has('cnn')).toBe(false);
  });
});
