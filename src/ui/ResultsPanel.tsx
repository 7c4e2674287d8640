/**
 * Results: one row per distillation of this page (a new run never replaces an old one), the
 * selected run in detail — ensemble vs distilled vs baseline — with honest warnings, and the
 * downloads of its two students.
 */
import { hiddenText, hyperparamsText, lossText, teacherViewText } from '../core/describe';
import { formatPercent } from '../state/format';
import { useResults } from '../state/hooks';
import type { StudentRun } from '../state/types';
import { runWarnings } from '../state/warnings';
import { ComparisonPanel } from './ComparisonPanel';
import { RunDetails } from './RunDetails';
import { RunName, RunRowActions } from './RunRowActions';
import { SavedDataLine } from './SavedDataLine';
import { teacherSummary } from './TeacherPanel';

function gainText(run: StudentRun): string {
  const gain = (run.result.results.student.testAccuracy - run.result.results.baseline.testAccuracy) * 100;
  return `${gain >= 0 ? '+' : '−'}${Math.abs(gain).toFixed(2)}`;
}

export function ResultsPanel() {
  const { runs, selected, training, compareIds, busy, teachersId } = useResults();
  const compared = runs.filter((r) => compareIds.includes(r.id));
  return (
    <section className="panel panel--wide" aria-labelledby="results-heading">
      <h2 id="results-heading">Results</h2>
      {runs.length === 0 && training === null ? (
        <p className="placeholder">Distill a student to compare it with the ensemble and with a baseline trained on hard labels.</p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="results runs">
              <caption className="visually-hidden">Runs</caption>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Dataset</th>
                  <th scope="col">Student</th>
                  <th scope="col">T, α</th>
                  <th scope="col">Teachers</th>
                  <th scope="col">Soft targets from</th>
                  <th scope="col">Ensemble test</th>
                  <th scope="col">Ensemble ECE</th>
                  <th scope="col">Distilled test</th>
                  <th scope="col">Baseline test</th>
                  <th scope="col">Gain (points)</th>
                  <th scope="col">Distilled ECE</th>
                  <th scope="col">
                    <span className="visually-hidden">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id} className={selected?.id === run.id ? 'runs__selected' : undefined}>
                    <th scope="row">
                      <RunName run={run} />
                      <span className="runs__date">{new Date(run.createdAt).toLocaleString()}</span>
                    </th>
                    <td>{run.dataset.name}</td>
                    <td>
                      {hiddenText(run.config.studentHidden)}, {run.config.studentEpochs} epochs, {lossText(run.config)}
                      {run.result.stopped ? ' (stopped)' : ''}
                      {run.result.failure ? ' (halted)' : ''}
                    </td>
                    <td>{hyperparamsText(run.config, run.result.results)}</td>
                    <td>
                      {run.teachersImportedFrom === null
                        ? teacherSummary(run.teacherConfig, run.teacherMembers)
                        : `${run.teacherMembers} × logits from ${run.teachersImportedFrom}`}
                    </td>
                    <td>{teacherViewText(run.config, run.result.results.teacherView.weights)}</td>
                    <td>{formatPercent(run.result.results.ensemble.testAccuracy)}</td>
                    <td>{formatPercent(run.result.results.ensemble.ece)}</td>
                    <td>{formatPercent(run.result.results.student.testAccuracy)}</td>
                    <td>{formatPercent(run.result.results.baseline.testAccuracy)}</td>
                    <td>{gainText(run)}</td>
                    <td>{formatPercent(run.result.results.student.ece)}</td>
                    <td>
                      <RunRowActions
                        run={run}
                        selected={selected?.id === run.id}
                        comparing={compareIds.includes(run.id)}
                        busy={busy}
                        current={run.teachersId === teachersId}
                      />
                    </td>
                  </tr>
                ))}
                {training !== null ? (
                  <tr className="runs__training">
                    <th scope="row">Run {training}</th>
                    <td colSpan={12}>Training… The rows above are finished runs.</td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>
          <SavedDataLine />
          {compared.length >= 2 ? <ComparisonPanel runs={compared} /> : null}
          {selected ? <RunDetails run={selected} warnings={runWarnings(selected)} /> : null}
        </>
      )}
    </section>
  );
}
