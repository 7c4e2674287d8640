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
import { RegionsPanel } from './RegionsPanel';
import { ToyPanel } from './ToyPanel';

export function TeachingApp() {
  return (
    <>
      <Header mode="teaching" />
      <RunBar />
      <Alerts />
      <div className="layout">
        <aside className="setup" aria-label="Setup">
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
