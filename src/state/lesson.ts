/**
 * The guided lesson of teaching mode: six steps, each setting the studio up and saying what to
 * look at, with figures computed from what is on screen (the grid's cached logits, the runs). A
 * step's sentences about its figures are written from those figures — the same numbers, and the
 * words ("grows", "stays level", "won") chosen by them — so the page never says what its own
 * figures contradict. Plain TypeScript: the LessonPanel renders it; lesson.test.ts checks each
 * step's claims against its figures.
 */
import type { EnsembleMode } from '../core/settings/config';
import type { GridLogits } from '../core/ensemble/grid-maps';
import { gradientTable, logitSpread, meanEntropy, squareLawFrom, unsureShare, type GradientRow } from '../core/ensemble/lesson-figures';
import type { TeacherView } from '../core/ensemble/teacher-view';
import { formatPercent, formatPlain } from './format';

/** The settings a lesson step may change; the lesson puts them back when it ends. */
export interface LessonSettings {
  temperature: number;
  alpha: number;
  teacherConfidence: number;
}

export const LESSON_SETTING_NAMES: Record<keyof LessonSettings, string> = {
  temperature: 'Temperature',
  alpha: 'Alpha',
  teacherConfidence: 'Teacher confidence',
};

/** What a step's figures are computed from. */
export interface LessonContext {
  grid: GridLogits | null;
  /** The teachers as the next run sees them (null before they are trained). */
  view: TeacherView | null;
  mode: EnsembleMode;
  temperature: number;
  classes: number;
  /** The page's runs, oldest first. */
  runs: readonly LessonRun[];
  /** The training points the students see with their labels, and the points the distilled student sees without (unlabelled, or beyond "Student labels (%)"). */
  trainingPoints: number;
  unlabelledPoints: number;
}

export interface LessonRun {
  alpha: number;
  temperature: number;
  studentTest: number;
  baselineTest: number;
}

/** A table of figures (numbers already formatted). */
export interface LessonTable {
  caption: string;
  columns: string[];
  rows: string[][];
}

/** What a step shows: sentences about its figures, maybe a table; or what to do first to see them. */
export type LessonFigure = { sentences: string[]; table?: LessonTable } | { missing: string };

export interface LessonStep {
  title: string;
  /** What the step changes in the studio when it is shown. */
  setup: Partial<LessonSettings>;
  /** The step's explanation: definitions only; every claim about the figures is in `figure`. */
  text: string;
  figure(context: LessonContext): LessonFigure;
}

const NEED_TEACHERS = 'Press Train teachers (or Train in the classroom view) to see this figure.';
const NEED_STUDENT = 'Distil a student to see this figure.';

/** Entropy in bits, three decimals (values between 0 and log₂ C). */
const bits = (value: number) => value.toFixed(3);
const points = (difference: number) => `${difference >= 0 ? '+' : '−'}${Math.abs(difference * 100).toFixed(1)} points`;

/** Below this share of the plane, the teachers count as sure everywhere. */
const SURE_EVERYWHERE = 0.01;

export function hardAndSoftFigure({ grid, view, mode }: LessonContext): LessonFigure {
  if (!grid || !view) return { missing: NEED_TEACHERS };
  const share = unsureShare(grid, mode, view);
  if (share < SURE_EVERYWHERE) {
    return {
      sentences: [
        `The teachers are sure (top probability 90 % or more) over all but ${formatPercent(share, 1)} of the plane: at T = 1 their soft labels say little more than hard labels. The next step softens them.`,
      ],
    };
  }
  return {
    sentences: [
      `The teachers are unsure (top probability under 90 %) over ${formatPercent(share, 1)} of the plane: there, their soft labels carry what a hard label throws away.`,
    ],
  };
}

export function temperatureFigure({ grid, view, mode, temperature, classes }: LessonContext): LessonFigure {
  if (!grid || !view) return { missing: NEED_TEACHERS };
  const atOne = meanEntropy(grid, 1, mode, view);
  const atT = meanEntropy(grid, temperature, mode, view);
  const at20 = meanEntropy(grid, 20, mode, view);
  const uniform = Math.log2(classes);
  const figures = `Mean entropy of the soft labels: ${bits(atOne)} bits at T = 1, ${bits(atT)} at T = ${temperature}, ${bits(at20)} at T = 20; uniform would be ${bits(uniform)} bits.`;
  const softer = atOne <= atT && atT <= at20 && at20 <= uniform + 1e-9;
  return {
    sentences: [
      figures,
      softer
        ? 'The higher T, the softer the soft labels, on their way to uniform.'
        : 'Here the entropy does not rise steadily with T: look at the map as you move T.',
    ],
  };
}

/** The T² step's figures: the table, the logits' spread, and where the 1/T² law holds. */
export interface SquareLawFigures {
  rows: GradientRow[];
  spread: { teachers: number; student: number };
  /** The lowest T from which every doubling divides the plain gradient by about 4; null if none in the table. */
  from: number | null;
}

export function squareLawFigures({ grid, view, mode }: LessonContext): SquareLawFigures | null {
  if (!grid?.student || !view) return null;
  const rows = gradientTable(grid, mode, view);
  return { rows, spread: logitSpread(grid, view), from: squareLawFrom(rows) };
}

/** The change of the T²-scaled gradient over the doublings from `from` on, as the largest step in % (for "stays level"). */
export function largestLevelStep(rows: readonly GradientRow[], from: number): number {
  let largest = 0;
  for (const row of rows) {
    if (row.temperature <= from) continue;
    largest = Math.max(largest, Math.abs(4 / row.fall - 1));
  }
  return largest;
}

export function squareLawFigure(context: LessonContext): LessonFigure {
  const figures = squareLawFigures(context);
  if (!figures) return { missing: NEED_STUDENT };
  const { rows, spread, from } = figures;
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const table: LessonTable = {
    caption: 'Mean size of the soft term’s gradient over the plane',
    columns: ['T', 'Without T²', 'With T²', 'Falls by (per doubling of T)'],
    rows: rows.map((row) => [
      String(row.temperature),
      formatPlain(row.plain, 2),
      formatPlain(row.scaled, 2),
      Number.isFinite(row.fall) ? `÷ ${row.fall.toFixed(1)}` : '',
    ]),
  };
  const sentences = [
    `The teachers’ logits spread over about ${formatPlain(spread.teachers, 2)} (largest minus smallest, averaged over the plane), the student’s over about ${formatPlain(spread.student, 2)}.`,
  ];
  if (from === null) {
    sentences.push(
      `Up to T = ${last.temperature} no doubling of T divides the gradient by about 4: T never gets large against these logits, so the 1/T² law does not hold here, and with T² the soft term’s pull goes from ${formatPlain(first.scaled, 2)} at T = 1 to ${formatPlain(last.scaled, 2)} at T = ${last.temperature}.`,
    );
    return { sentences, table };
  }
  const atFrom = rows.find((row) => row.temperature === from)!;
  const step = largestLevelStep(rows, from);
  sentences.push(
    `From T = ${from} on, each doubling divides the gradient by about 4 (the 1/T² law), and with T² it stays level: ${formatPlain(atFrom.scaled, 2)} at T = ${from}, ${formatPlain(last.scaled, 2)} at T = ${last.temperature}, never more than ${Math.ceil(step * 100)} % from one doubling to the next.`,
  );
  if (from > 1) {
    const below = rows.filter((row) => row.temperature > 1 && row.temperature <= from);
    const falls = below.map((row) => row.fall);
    sentences.push(
      `Below T = ${from} the soft labels are still close to hard (T is small against the logits): a doubling divides the gradient by ${formatPlain(Math.min(...falls), 2)} to ${formatPlain(Math.max(...falls), 2)} only, so with T² the soft term’s pull changes from ${formatPlain(first.scaled, 2)} at T = 1 to ${formatPlain(atFrom.scaled, 2)} at T = ${from}.`,
    );
  }
  return { sentences, table };
}

export function alphaFigure({ runs }: LessonContext): LessonFigure {
  if (runs.length === 0) return { missing: NEED_STUDENT };
  const listed = runs.map((run) => `α = ${run.alpha}: ${formatPercent(run.studentTest, 1)}`).join(' · ');
  const sentences = [`The distilled student’s test accuracy, run by run: ${listed}.`];
  const alphas = new Set(runs.map((run) => run.alpha));
  if (alphas.size < 2) sentences.push('Distil again at another alpha to compare.');
  else {
    const best = runs.reduce((a, b) => (b.studentTest > a.studentTest ? b : a));
    sentences.push(`The best of these was at α = ${best.alpha} (${formatPercent(best.studentTest, 1)}).`);
  }
  return { sentences };
}

/** Within this many points, two accuracies count as a tie (one test point in 120 is 0.8 points). */
const TIE = 0.005;

export function transferFigure({ runs, trainingPoints, unlabelledPoints }: LessonContext): LessonFigure {
  const last = runs.at(-1);
  if (!last) return { missing: NEED_STUDENT };
  const difference = last.studentTest - last.baselineTest;
  const verdict =
    difference > TIE
      ? 'the teachers’ soft labels helped'
      : difference < -TIE
        ? 'the soft labels did not help this time'
        : 'a tie: the soft labels made no difference this time';
  const data =
    unlabelledPoints > 0
      ? `The baseline learnt from the ${trainingPoints} labelled training points; the distilled student also from the teachers’ soft labels on ${unlabelledPoints} unlabelled points.`
      : `Both learnt from the same ${trainingPoints} labelled training points; there are no unlabelled points (set Unlabelled points to give the teachers some).`;
  return {
    sentences: [
      data,
      `Last run: distilled ${formatPercent(last.studentTest, 1)}, baseline ${formatPercent(last.baselineTest, 1)} on the test points (${points(difference)}): ${verdict}.`,
    ],
  };
}

/** The teacher confidence the last step sets: logits multiplied by this. */
export const OVERCONFIDENT = 3;

export function miscalibrationFigure({ grid, view, mode, temperature }: LessonContext): LessonFigure {
  if (!grid || !view) return { missing: NEED_TEACHERS };
  const asTrained = { ...view, scales: view.scales.map(() => 1) };
  const now = { share: unsureShare(grid, mode, view), entropy: meanEntropy(grid, temperature, mode, view) };
  const before = { share: unsureShare(grid, mode, asTrained), entropy: meanEntropy(grid, temperature, mode, asTrained) };
  const sentences = [
    `Unsure over ${formatPercent(now.share, 1)} of the plane (as trained: ${formatPercent(before.share, 1)}); mean entropy of the soft labels at T = ${temperature}: ${bits(now.entropy)} bits (as trained: ${bits(before.entropy)}).`,
  ];
  if (now.share <= before.share && now.entropy < before.entropy) {
    sentences.push('Their soft labels now carry less of what the teachers do not know: distil again and compare with an earlier run.');
  } else if (now.share >= before.share && now.entropy > before.entropy) {
    sentences.push('Their soft labels are now softer than as trained: distil again and compare with an earlier run.');
  } else {
    sentences.push('Distil again and compare with an earlier run.');
  }
  return { sentences };
}

export const LESSON_STEPS: readonly LessonStep[] = [
  {
    title: 'Hard labels and soft labels',
    setup: { temperature: 1, alpha: 0.9, teacherConfidence: 1 },
    text: 'A hard label says only which class a point is. The teachers’ probabilities say more: where they hesitate, they spread their probability over the classes. Look at the ensemble’s map: pale where it is unsure.',
    figure: hardAndSoftFigure,
  },
  {
    title: 'What T does',
    setup: { temperature: 4 },
    text: 'Dividing the logits by T before the softmax softens the soft labels: as T → ∞ every distribution tends to uniform, as T → 0 to the argmax. Move Temperature and watch the entropy map.',
    figure: temperatureFigure,
  },
  {
    title: 'Why the soft term is multiplied by T²',
    setup: {},
    text: 'The gradient of the soft term with respect to the student’s logits is (p_student − p_teacher) / T. Hinton et al. note that once T is large against the logits, the difference shrinks like 1/T too, so the gradient falls like 1/T², and multiplying the soft term by T² keeps its pull the same size as T moves. The table checks that on these teachers and this student.',
    figure: squareLawFigure,
  },
  {
    title: 'What alpha trades off',
    setup: { alpha: 0.5 },
    text: 'Alpha weighs the soft term against the hard labels: 1 is soft labels only, 0 is the baseline’s loss. Distil at a low and a high alpha and compare.',
    figure: alphaFigure,
  },
  {
    title: 'Teachers label what nobody labelled',
    setup: { alpha: 0.9 },
    text: 'Labels are scarce; points are not. The teachers can label any point, also the ones nobody labelled (Unlabelled points, grey on the maps), and the distilled student learns from their soft labels there too, while the baseline has only the labelled points. Distil and compare the two students’ maps.',
    figure: transferFigure,
  },
  {
    title: 'A miscalibrated teacher',
    setup: { teacherConfidence: OVERCONFIDENT },
    text: `Teacher confidence now multiplies the teachers’ logits by ${OVERCONFIDENT}: they sound surer than they are.`,
    figure: miscalibrationFigure,
  },
];

/** The settings a lesson changes over its steps (what it must put back). */
export function lessonSettingKeys(): (keyof LessonSettings)[] {
  const keys = new Set<keyof LessonSettings>();
  for (const step of LESSON_STEPS) for (const key of Object.keys(step.setup) as (keyof LessonSettings)[]) keys.add(key);
  return [...keys];
}

/** The lesson's settings that differ from those it started from, as "Temperature 4 (was 2)" lines. */
export function changedByLesson(saved: LessonSettings, current: LessonSettings): string[] {
  return lessonSettingKeys()
    .filter((key) => saved[key] !== current[key])
    .map((key) => `${LESSON_SETTING_NAMES[key]} ${current[key]} (was ${saved[key]})`);
}
