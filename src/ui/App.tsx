/**
 * The page: header, the sticky run bar, then the setup column (presets, teachers, training
 * settings, student) beside the charts, so that during a distillation the sliders, the soft
 * labels, the progress and the loss chart are on one screen.
 */
import { AccuracyChart } from './charts/AccuracyChart';
import { LossChart } from './charts/LossChart';
import { ParetoChart } from './charts/ParetoChart';
import { WeightChart } from './charts/WeightChart';
import { Alerts } from './Alerts';
import { ClassSimilarityPanel } from './ClassSimilarityPanel';
import { DatasetPanel } from './DatasetPanel';
import { EnsemblePanel } from './EnsemblePanel';
import { Header } from './Header';
import { LossPanel } from './LossPanel';
import { PresetPicker } from './PresetPicker';
import { ResultsPanel } from './ResultsPanel';
import { RunBar } from './RunBar';
import { SoftLabelsPanel } from './SoftLabelsPanel';
import { StudentPanel } from './StudentPanel';
import { SweepPanel } from './SweepPanel';
import { TeacherPanel } from './TeacherPanel';
import { TrainingSettings } from './TrainingSettings';

export function App() {
  return (
    <>
      <Header />
      <RunBar />
      <Alerts />
      <div className="layout">
        <aside className="setup" aria-label="Setup">
          <PresetPicker />
          <TeacherPanel />
          <StudentPanel />
          <LossPanel />
          <TrainingSettings />
          <DatasetPanel />
        </aside>
        <main className="charts">
          <SoftLabelsPanel />
          <LossChart />
          <AccuracyChart />
          <WeightChart />
          <EnsemblePanel />
          <ClassSimilarityPanel />
          <ResultsPanel />
          <ParetoChart />
          <SweepPanel />
        </main>
      </div>
    </>
  );
}
