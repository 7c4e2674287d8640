/**
 * The guided lesson: six steps, each setting the studio up and saying what to look at, with the
 * figures that back its claim computed from what is on screen (the grid's cached logits, the runs).
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { GridLogits } from '../../core/grid-maps';
import { meanEntropy, softGradientNorm, unsureShare } from '../../core/lesson-figures';
import { formatPercent } from '../../state/format';
import { useActions, useResults, useTeaching } from '../../state/hooks';
import { currentTeacherView } from '../../state/samples';
import type { TeacherView } from '../../core/teacher-view';
import type { EnsembleMode } from '../../core/config';

interface Figures {
  grid: GridLogits | null;
  view: TeacherView | null;
  mode: EnsembleMode;
  temperature: number;
  classes: number;
}

interface Step {
  title: string;
  /** What the step changes in the studio when it is shown. */
  setup: { temperature?: number; alpha?: number; confidence?: number };
  text: string;
  figure(f: Figures, runs: ReturnType<typeof useResults>['runs']): ReactNode;
}

const needTeachers = 'Press Train teachers (or Train in the classroom view) to see this figure.';
const needStudent = 'Distil a student to see this figure.';

const STEPS: Step[] = [
  {
    title: 'Hard labels and soft labels',
    setup: { temperature: 1, alpha: 0.9, confidence: 1 },
    text: 'A hard label says only which class a point is. The teachers say more: near the boundary they spread their probability over both classes. Look at the ensemble’s map: pale where it is unsure.',
    figure: ({ grid, view, mode }) =>
      grid && view ? (
        <>
          The teachers are unsure (top probability under 90 %) over {formatPercent(unsureShare(grid, mode, view), 1)} of the plane:
          information a hard label throws away.
        </>
      ) : (
        needTeachers
      ),
  },
  {
    title: 'What T does',
    setup: { temperature: 4 },
    text: 'Dividing the logits by T softens the soft labels: as T → ∞ every distribution tends to uniform, as T → 0 to the argmax. Move Temperature and watch the entropy map.',
    figure: ({ grid, view, mode, temperature, classes }) =>
      grid && view ? (
        <>
          Mean entropy of the soft labels: {meanEntropy(grid, 1, mode, view).toFixed(3)} bits at T = 1,{' '}
          {meanEntropy(grid, temperature, mode, view).toFixed(3)} at T = {temperature}, {meanEntropy(grid, 20, mode, view).toFixed(3)} at T
          = 20; uniform would be {Math.log2(classes).toFixed(3)} bits.
        </>
      ) : (
        needTeachers
      ),
  },
  {
    title: 'Why the soft term is multiplied by T²',
    setup: {},
    text: 'The gradient of the soft term with respect to the student’s logits is (p_student − p_teacher) / T, and the difference itself shrinks like 1/T: together about 1/T². Multiplying by T² keeps the soft term’s pull the same size whatever T is, so T can move without retuning alpha.',
    figure: ({ grid, view }) =>
      grid?.student && view ? (
        <table className="compact-table">
          <caption>Mean gradient norm of the soft term over the plane</caption>
          <thead>
            <tr>
              <th scope="col">T</th>
              <th scope="col">Without T²</th>
              <th scope="col">With T²</th>
            </tr>
          </thead>
          <tbody>
            {[1, 2, 4, 8, 16].map((t) => {
              const g = softGradientNorm(grid, t, view);
              return (
                <tr key={t}>
                  <th scope="row">{t}</th>
                  <td>{g.plain.toExponential(2)}</td>
                  <td>{g.scaled.toExponential(2)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        needStudent
      ),
  },
  {
    title: 'What alpha trades off',
    setup: { alpha: 0.5 },
    text: 'Alpha weighs the soft term against the hard labels: 1 is soft labels only, 0 is the baseline’s loss. Distil at a low and a high alpha and compare.',
    figure: (_, runs) =>
      runs.length > 0 ? (
        <>
          {runs.map((r) => `α = ${r.result.results.alpha}: ${formatPercent(r.result.results.student.testAccuracy, 1)}`).join(' · ')} (the
          distilled student’s test accuracy, run by run).
        </>
      ) : (
        needStudent
      ),
  },
  {
    title: 'A student too small for hard labels',
    setup: { alpha: 0.9 },
    text: 'The student has four hidden units: too few to draw the spirals. Compare its map with the baseline’s: the soft labels tell it where the teachers hesitate; whether that helps depends on the shape (try the moons or the blobs).',
    figure: (_, runs) => {
      const last = runs.at(-1);
      if (!last) return needStudent;
      const { student, baseline } = last.result.results;
      return (
        <>
          Last run: distilled {formatPercent(student.testAccuracy, 1)}, baseline {formatPercent(baseline.testAccuracy, 1)} on the test
          points ({((student.testAccuracy - baseline.testAccuracy) * 100).toFixed(1)} points).
        </>
      );
    },
  },
  {
    title: 'A miscalibrated teacher',
    setup: { confidence: 3 },
    text: 'Teacher confidence now multiplies the teachers’ logits by 3: they sound surer than they are, and their soft labels carry less. Distil again and compare with an earlier run.',
    figure: ({ grid, view, mode, temperature }) => {
      if (!grid || !view) return needTeachers;
      const honest = { ...view, scales: view.scales.map(() => 1) };
      return (
        <>
          Unsure over {formatPercent(unsureShare(grid, mode, view), 1)} of the plane (as trained:{' '}
          {formatPercent(unsureShare(grid, mode, honest), 1)}); mean entropy at T = {temperature}:{' '}
          {meanEntropy(grid, temperature, mode, view).toFixed(3)} bits (as trained:{' '}
          {meanEntropy(grid, temperature, mode, honest).toFixed(3)}).
        </>
      );
    },
  },
];

export function LessonPanel() {
  const [step, setStep] = useState<number | null>(null);
  const { grid, teachers, temperature, calibrateTeachers, teacherConfidence, ensembleMode, classNames } = useTeaching();
  const { runs } = useResults();
  const { setTemperature, setAlpha, setParam } = useActions();
  const view = useMemo(
    () => currentTeacherView(teachers, { calibrateTeachers, teacherConfidence }),
    [teachers, calibrateTeachers, teacherConfidence],
  );
  const go = (next: number) => {
    const { setup } = STEPS[next]!;
    if (setup.temperature !== undefined) setTemperature(setup.temperature);
    if (setup.alpha !== undefined) setAlpha(setup.alpha);
    if (setup.confidence !== undefined) setParam('teacherConfidence', String(setup.confidence));
    setStep(next);
  };
  const current = step === null ? null : STEPS[step]!;
  return (
    <section className="panel panel--side lesson" aria-labelledby="lesson-heading">
      <h2 id="lesson-heading">Lesson</h2>
      {current === null || step === null ? (
        <>
          <p className="panel__intro">Six short steps through distillation, each with figures computed from what is on screen.</p>
          <button type="button" className="button" onClick={() => go(0)}>
            Start the lesson
          </button>
        </>
      ) : (
        <>
          <h3>
            Step {step + 1} of {STEPS.length}: {current.title}
          </h3>
          <p>{current.text}</p>
          <p className="lesson__figure" aria-live="polite">
            {current.figure({ grid, view, mode: ensembleMode, temperature, classes: classNames.length }, runs)}
          </p>
          <div className="lesson__buttons">
            <button type="button" className="button button--secondary" disabled={step === 0} onClick={() => go(step - 1)}>
              Back
            </button>
            {step < STEPS.length - 1 ? (
              <button type="button" className="button" onClick={() => go(step + 1)}>
                Next
              </button>
            ) : (
              <button type="button" className="button" onClick={() => setStep(null)}>
                Finish the lesson
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
