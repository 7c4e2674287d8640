/** The page: header, live status, then the panels in a responsive grid. */
import { AccuracyChart } from './charts/AccuracyChart';
import { LossChart } from './charts/LossChart';
import { Header } from './Header';
import { ResultsTable } from './ResultsTable';
import { SoftLabelsPanel } from './SoftLabelsPanel';
import { StatusBar } from './StatusBar';
import { StudentPanel } from './StudentPanel';
import { TeacherPanel } from './TeacherPanel';

export function App() {
  return (
    <>
      <Header />
      <StatusBar />
      <main className="grid">
        <TeacherPanel />
        <SoftLabelsPanel />
        <StudentPanel />
        <LossChart />
        <AccuracyChart />
        <ResultsTable />
      </main>
    </>
  );
}
