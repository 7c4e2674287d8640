/**
 * Teaching mode (?mode=teaching): the same app and worker, on 2D datasets small enough to train
 * in seconds, with the models' decision regions painted. The setup column holds the dataset, the
 * teachers and the student (T and alpha live); the charts are the studio's.
 */
import { AccuracyChart } from '../charts/AccuracyChart';
import { LossChart } from '../charts/LossChart';
import { Alerts } from '../Alerts';
import { Header } from '../Header';
import { RunBar } from '../RunBar';
import { StudentPanel } from '../StudentPanel';
import { TeacherPanel } from '../TeacherPanel';
import { useActions, useTeaching } from '../../state/hooks';
import { ClassroomView } from './ClassroomView';
import { LessonPanel } from './LessonPanel';
import { RegionsPanel } from './RegionsPanel';
import { ToyPanel } from './ToyPanel';

export function TeachingApp() {
  const { classroom } = useTeaching();
  const { setClassroom } = useActions();
  // The classroom view shows the alerts itself, in its large type and within the screen.
  if (classroom) return <ClassroomView />;
  return (
    <>
      <Header mode="teaching" />
      <RunBar />
      <Alerts />
      <p className="teaching__toolbar">
        <button type="button" className="button button--secondary button--small" onClick={() => setClassroom(true)}>
          Classroom view
        </button>
      </p>
      <div className="layout">
        <aside className="setup" aria-label="Setup">
          <LessonPanel />
          <ToyPanel />
          <StudentPanel />
          <TeacherPanel />
        </aside>
        <main className="charts">
          <RegionsPanel />
          <LossChart />
          <AccuracyChart />
        </main>
      </div>
    </>
  );
}
