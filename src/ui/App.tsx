/**
 * The page: header, the sticky run bar, then the setup column (presets, teachers, training
 * settings, student) beside one section at a time, chosen by its tab: Live charts, Results,
 * Ensemble, Dark knowledge, Sweep, Compare. During a distillation the sliders, the soft labels,
 * the progress and the loss chart are on one screen; the rest is one click away.
 */
import { AccuracyChart } from './charts/AccuracyChart';
import { LossChart } from './charts/LossChart';
import { ParetoChart } from './charts/ParetoChart';
import { WeightChart } from './charts/WeightChart';
import { Alerts } from './Alerts';
import { ClassSimilarityPanel } from './ClassSimilarityPanel';
import { CompareSection } from './CompareSection';
import { DatasetPanel } from './DatasetPanel';
import { EnsemblePanel } from './EnsemblePanel';
import { Header } from './Header';
import { LossPanel } from './LossPanel';
import { PresetPicker } from './PresetPicker';
import { ResultsPanel } from './ResultsPanel';
import { RunBar } from './RunBar';
import { SectionPanel } from './SectionPanel';
import { SectionTabs } from './SectionTabs';
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
        <main className="sections">
          <SectionTabs />
          <SectionPanel id="live" className="charts">
            <SoftLabelsPanel />
            <LossChart />
            <AccuracyChart />
            <WeightChart />
          </SectionPanel>
          <SectionPanel id="results">
            <ResultsPanel />
            <ParetoChart />
          </SectionPanel>
          <SectionPanel id="ensemble">
            <EnsemblePanel />
          </SectionPanel>
          <SectionPanel id="dark-knowledge">
            <ClassSimilarityPanel />
          </SectionPanel>
          <SectionPanel id="sweep">
            <SweepPanel />
          </SectionPanel>
          <SectionPanel id="compare">
            <CompareSection />
          </SectionPanel>
        </main>
      </div>
    </>
  );
}
