/**
 * The guided lesson (src/state/lesson.ts): six steps, each setting the studio up and showing the
 * figures that back its words, computed from what is on screen. While it runs it lists the
 * settings it has changed; Finish and Leave put them back.
 */
import { useMemo } from 'react';
import { changedByLesson, LESSON_STEPS, type LessonContext, type LessonFigure, type LessonRun } from '../../state/lesson';
import { useActions, useResults, useTeaching } from '../../state/hooks';
import { currentTeacherView } from '../../state/samples';

function Figure({ figure }: { figure: LessonFigure }) {
  if ('missing' in figure) return <p className="lesson__figure">{figure.missing}</p>;
  return (
    <div className="lesson__figure">
      {figure.sentences.map((sentence) => (
        <p key={sentence}>{sentence}</p>
      ))}
      {figure.table && (
        <table className="compact-table">
          <caption>{figure.table.caption}</caption>
          <thead>
            <tr>
              {figure.table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {figure.table.rows.map(([first, ...rest]) => (
              <tr key={first}>
                <th scope="row">{first}</th>
                {rest.map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function LessonPanel() {
  const {
    grid,
    teachers,
    temperature,
    alpha,
    calibrateTeachers,
    teacherConfidence,
    ensembleMode,
    classNames,
    lesson,
    toy,
    trainingPoints,
    transferPoints,
  } = useTeaching();
  const { runs } = useResults();
  const { startLesson, showLessonStep, endLesson, setParam } = useActions();
  const view = useMemo(
    () => currentTeacherView(teachers, { calibrateTeachers, teacherConfidence }),
    [teachers, calibrateTeachers, teacherConfidence],
  );
  const lessonRuns = useMemo(
    (): LessonRun[] =>
      runs.map(({ result: { results } }) => ({
        alpha: results.alpha,
        temperature: results.temperature,
        studentTest: results.student.testAccuracy,
        baselineTest: results.baseline.testAccuracy,
      })),
    [runs],
  );
  const context: LessonContext = {
    grid,
    view,
    mode: ensembleMode,
    temperature,
    classes: classNames.length,
    runs: lessonRuns,
    trainingPoints,
    // The toy's unlabelled points, and its training points beyond "Student labels (%)".
    unlabelledPoints: toy.unlabelled + transferPoints,
  };

  if (lesson === null) {
    return (
      <section className="panel panel--side lesson" aria-labelledby="lesson-heading">
        <h2 id="lesson-heading">Lesson</h2>
        <p className="panel__intro">Six short steps through distillation, each with figures computed from what is on screen.</p>
        <button type="button" className="button" onClick={startLesson}>
          Start the lesson
        </button>
        {teacherConfidence !== 1 && (
          <p className="lesson__notice" role="note">
            Teacher confidence is {teacherConfidence}: the next run sees the teachers’ logits multiplied by {teacherConfidence}.{' '}
            <button type="button" className="button button--secondary button--small" onClick={() => setParam('teacherConfidence', '1')}>
              Set teacher confidence to 1
            </button>
          </p>
        )}
      </section>
    );
  }

  const { step } = lesson;
  const current = LESSON_STEPS[step]!;
  const changed = changedByLesson(lesson.saved, { temperature, alpha, teacherConfidence });
  const last = step === LESSON_STEPS.length - 1;
  return (
    <section className="panel panel--side lesson" aria-labelledby="lesson-heading">
      <h2 id="lesson-heading">Lesson</h2>
      <h3>
        Step {step + 1} of {LESSON_STEPS.length}: {current.title}
      </h3>
      <p>{current.text}</p>
      <div aria-live="polite">
        <Figure figure={current.figure(context)} />
      </div>
      {changed.length > 0 && (
        <p className="lesson__changed">Set by the lesson: {changed.join(', ')}. Finishing or leaving the lesson puts them back.</p>
      )}
      <div className="lesson__buttons">
        <button type="button" className="button button--secondary" disabled={step === 0} onClick={() => showLessonStep(step - 1)}>
          Back
        </button>
        {last ? (
          <button type="button" className="button" onClick={endLesson}>
            Finish the lesson
          </button>
        ) : (
          <button type="button" className="button" onClick={() => showLessonStep(step + 1)}>
            Next
          </button>
        )}
        {!last && (
          <button type="button" className="button button--secondary" onClick={endLesson}>
            Leave the lesson
          </button>
        )}
      </div>
    </section>
  );
}
