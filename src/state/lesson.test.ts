/**
 * Each lesson step's sentences against the figures they describe, computed independently here
 * from the same grid: the numbers quoted are the figures', and the words chosen ("stays level",
 * "helped", "sure") are the ones the figures support.
 */
import { describe, expect, it } from 'vitest';
import type { GridLogits } from '../core/ensemble/grid-maps';
import { gridCell } from '../core/data/toy-grid';
import { followsSquareLaw, gradientTable, meanEntropy, unsureShare } from '../core/ensemble/lesson-figures';
import { formatPercent, formatPlain } from './format';
import {
  alphaFigure,
  changedByLesson,
  hardAndSoftFigure,
  largestLevelStep,
  LESSON_STEPS,
  lessonSettingKeys,
  miscalibrationFigure,
  squareLawFigure,
  squareLawFigures,
  temperatureFigure,
  transferFigure,
  type LessonContext,
  type LessonFigure,
} from './lesson';

const RESOLUTION = 24;

/**
 * Two classes split by the line x = 0, as small ReLU networks draw them: logits growing linearly
 * with the distance to the boundary (slope `teacher` per unit for the three members, slightly
 * apart; `student` for the student, whose boundary sits a little off).
 */
function lineGrid(teacher: number, student: number): GridLogits {
  const cells = RESOLUTION * RESOLUTION;
  const table = (slope: number, shift = 0) => {
    const out = new Float32Array(cells * 2);
    for (let i = 0; i < cells; i++) {
      const { x } = gridCell(i, RESOLUTION);
      out[2 * i] = slope * (x - shift);
      out[2 * i + 1] = -slope * (x - shift);
    }
    return out;
  };
  return {
    resolution: RESOLUTION,
    extent: 1.25,
    classes: 2,
    members: [table(teacher * 0.9), table(teacher), table(teacher * 1.1)],
    student: table(student, 0.1),
    baseline: table(student, -0.1),
  };
}

const view = { weights: [1, 1, 1], scales: [1, 1, 1] };
const context = (grid: GridLogits | null, overrides: Partial<LessonContext> = {}): LessonContext => ({
  grid,
  view: grid ? view : null,
  mode: 'arithmetic',
  temperature: 4,
  classes: 2,
  runs: [],
  trainingPoints: 420,
  unlabelledPoints: 2000,
  ...overrides,
});

function sentencesOf(figure: LessonFigure): string {
  if ('missing' in figure) throw new Error(`no figure: ${figure.missing}`);
  return figure.sentences.join(' ');
}

/** Large logits (a 2D teacher trained to near-certainty) and small ones (a soft teacher). */
const sharp = lineGrid(30, 8);
const soft = lineGrid(0.6, 0.4);

describe('lesson step 1: hard and soft labels', () => {
  it('says the teachers are unsure over the share of the plane it computes, or that they are sure nearly everywhere', () => {
    const unsure = unsureShare(soft, 'arithmetic', view);
    expect(unsure).toBeGreaterThan(0.01);
    expect(sentencesOf(hardAndSoftFigure(context(soft)))).toContain(`unsure (top probability under 90 %) over ${formatPercent(unsure, 1)}`);
    const sure = unsureShare(sharp, 'arithmetic', view);
    expect(sure).toBeLessThan(0.1);
    const text = sentencesOf(hardAndSoftFigure(context(sharp)));
    if (sure < 0.01) expect(text).toContain(`all but ${formatPercent(sure, 1)} of the plane`);
    else expect(text).toContain(`over ${formatPercent(sure, 1)} of the plane`);
  });

  it('asks for teachers before there are any', () => {
    expect(hardAndSoftFigure(context(null))).toEqual({ missing: expect.stringMatching(/Train teachers/) });
  });
});

describe('lesson step 2: what T does', () => {
  it('quotes the entropies at 1, T and 20 and says "softer" only when they rise towards uniform', () => {
    for (const grid of [soft, sharp]) {
      const [one, four, twenty] = [1, 4, 20].map((t) => meanEntropy(grid, t, 'arithmetic', view));
      const text = sentencesOf(temperatureFigure(context(grid)));
      expect(text).toContain(`${one!.toFixed(3)} bits at T = 1, ${four!.toFixed(3)} at T = 4, ${twenty!.toFixed(3)} at T = 20`);
      expect(one! <= four! && four! <= twenty! && twenty! <= 1).toBe(true);
      expect(text).toContain('the softer the soft labels');
    }
  });
});

describe('lesson step 3: why T²', () => {
  it('with small logits, the 1/T² law holds from where it says, and the T²-scaled pull stays level as stated', () => {
    const figures = squareLawFigures(context(soft))!;
    const rows = gradientTable(soft, 'arithmetic', view);
    expect(figures.rows).toEqual(rows);
    expect(figures.from).not.toBeNull();
    const from = figures.from!;
    // Every doubling above `from` divides the plain gradient by about 4; the one that reaches `from` does not.
    for (const row of rows.filter((r) => r.temperature > from)) expect(followsSquareLaw(row)).toBe(true);
    const reaching = rows.find((r) => r.temperature === from)!;
    if (from > 1) expect(followsSquareLaw(reaching)).toBe(false);
    const text = sentencesOf(squareLawFigure(context(soft)));
    expect(text).toContain(`From T = ${from} on, each doubling divides the gradient by about 4`);
    expect(text).toContain(`${formatPlain(reaching.scaled, 2)} at T = ${from}`);
    expect(text).toContain(`never more than ${Math.ceil(largestLevelStep(rows, from) * 100)} %`);
    for (const row of rows.filter((r) => r.temperature > from)) expect(Math.abs(row.scaled / reaching.scaled - 1)).toBeLessThan(0.5);
  });

  it('with the large logits of 2D teachers, it says where the law does not hold and that the T² pull grows there', () => {
    const figures = squareLawFigures(context(sharp))!;
    const rows = figures.rows;
    // As on the spirals' teachers: at T = 2…16 the plain gradient falls far slower than 1/T².
    for (const row of rows.filter((r) => r.temperature >= 2 && r.temperature <= 16)) expect(row.fall).toBeLessThan(3);
    const text = sentencesOf(squareLawFigure(context(sharp)));
    if (figures.from === null) {
      expect(rows.some((r) => r.temperature > 1 && followsSquareLaw(r) && rows.indexOf(r) === rows.length - 1)).toBe(false);
      expect(text).toContain('the 1/T² law does not hold here');
    } else {
      expect(figures.from).toBeGreaterThan(16);
      expect(text).toContain(`Below T = ${figures.from} the soft labels are still close to hard`);
      // "changes from a at T = 1 to b at T = from": the pull grows over that range.
      const atFrom = rows.find((r) => r.temperature === figures.from)!;
      expect(atFrom.scaled).toBeGreaterThan(rows[0]!.scaled);
      expect(text).toContain(`from ${formatPlain(rows[0]!.scaled, 2)} at T = 1 to ${formatPlain(atFrom.scaled, 2)} at T = ${figures.from}`);
    }
  });

  it('prints plain decimals, never e-notation', () => {
    const figure = squareLawFigure(context(sharp));
    if ('missing' in figure) throw new Error('no figure');
    for (const cell of figure.table!.rows.flat()) expect(cell).not.toMatch(/e[+-]?\d/i);
    expect(figure.sentences.join(' ')).not.toMatch(/\de[+-]?\d/);
  });

  it('needs a student', () => {
    expect(squareLawFigure(context({ ...soft, student: null }))).toEqual({ missing: expect.stringMatching(/Distil/) });
  });
});

describe('lesson step 4: alpha', () => {
  it('lists the runs and names the best one', () => {
    const runs = [
      { alpha: 0.5, temperature: 4, studentTest: 0.9, baselineTest: 0.88 },
      { alpha: 0.9, temperature: 4, studentTest: 0.925, baselineTest: 0.88 },
    ];
    const text = sentencesOf(alphaFigure(context(soft, { runs })));
    expect(text).toContain('α = 0.5: 90.0 % · α = 0.9: 92.5 %');
    expect(text).toContain('best of these was at α = 0.9 (92.5 %)');
    expect(sentencesOf(alphaFigure(context(soft, { runs: runs.slice(0, 1) })))).toContain('Distil again at another alpha');
  });
});

describe('lesson step 5: the transfer set', () => {
  const run = (studentTest: number, baselineTest: number) => ({ alpha: 0.9, temperature: 4, studentTest, baselineTest });
  it('says the soft labels helped only when the distilled student won, with the difference it shows', () => {
    expect(sentencesOf(transferFigure(context(soft, { runs: [run(0.95, 0.9)] })))).toMatch(
      /95\.0 %, baseline 90\.0 % .*\(\+5\.0 points\): the teachers’ soft labels helped/,
    );
    expect(sentencesOf(transferFigure(context(soft, { runs: [run(0.9, 0.95)] })))).toMatch(
      /\(−5\.0 points\): the soft labels did not help/,
    );
    expect(sentencesOf(transferFigure(context(soft, { runs: [run(0.9, 0.9)] })))).toMatch(/\(\+0\.0 points\): a tie/);
  });

  it('names the labelled and unlabelled points the students learnt from', () => {
    expect(sentencesOf(transferFigure(context(soft, { runs: [run(0.9, 0.9)] })))).toContain('420 labelled training points');
    expect(sentencesOf(transferFigure(context(soft, { runs: [run(0.9, 0.9)] })))).toContain('2000 unlabelled points');
    expect(sentencesOf(transferFigure(context(soft, { runs: [run(0.9, 0.9)], unlabelledPoints: 0 })))).toContain('no unlabelled points');
  });
});

describe('lesson step 6: a miscalibrated teacher', () => {
  it('an over-confident view is less unsure and lower in entropy, as the sentence says', () => {
    const confident = { weights: [1, 1, 1], scales: [3, 3, 3] };
    const figure = miscalibrationFigure({ ...context(soft), view: confident });
    const asTrained = { share: unsureShare(soft, 'arithmetic', view), entropy: meanEntropy(soft, 4, 'arithmetic', view) };
    const now = { share: unsureShare(soft, 'arithmetic', confident), entropy: meanEntropy(soft, 4, 'arithmetic', confident) };
    expect(now.share).toBeLessThanOrEqual(asTrained.share);
    expect(now.entropy).toBeLessThan(asTrained.entropy);
    const text = sentencesOf(figure);
    expect(text).toContain(`Unsure over ${formatPercent(now.share, 1)} of the plane (as trained: ${formatPercent(asTrained.share, 1)})`);
    expect(text).toContain(`${now.entropy.toFixed(3)} bits (as trained: ${asTrained.entropy.toFixed(3)})`);
    expect(text).toContain('carry less');
  });
});

describe('the lesson’s settings', () => {
  it('every step’s setup is among the settings it restores, and the changes are listed', () => {
    const keys = lessonSettingKeys();
    expect(keys.sort()).toEqual(['alpha', 'teacherConfidence', 'temperature']);
    for (const step of LESSON_STEPS) for (const key of Object.keys(step.setup)) expect(keys).toContain(key);
    expect(
      changedByLesson({ temperature: 4, alpha: 0.9, teacherConfidence: 1 }, { temperature: 4, alpha: 0.5, teacherConfidence: 3 }),
    ).toEqual(['Alpha 0.5 (was 0.9)', 'Teacher confidence 3 (was 1)']);
  });
});
