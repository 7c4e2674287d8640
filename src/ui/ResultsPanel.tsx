/**
 * Results: the Runs table (one row per distillation of this page; a new run never replaces an old
 * one), a way to the comparison of the ticked runs, what the browser keeps, and the selected run
 * in detail — ensemble vs distilled vs baseline — with honest warnings and its downloads.
 */
import { useActions, useResults } from '../state/hooks';
import { runWarnings } from '../state/warnings';
import { RunDetails } from './RunDetails';
import { RunsTable } from './RunsTable';
import { SavedDataLine } from './SavedDataLine';

export function ResultsPanel() {
  const { runs, selected, training, compareIds, busy } = useResults();
  const { showSection } = useActions();
  const ticked = runs.filter((r) => compareIds.includes(r.id));
  return (
    <section className="panel panel--wide" aria-labelledby="results-heading">
      <h2 id="results-heading">Results</h2>
      {runs.length === 0 && training === null ? (
        <p className="placeholder">Distill a student to compare it with the ensemble and with a baseline trained on hard labels.</p>
      ) : (
        <>
          <RunsTable />
          {ticked.length > 0 ? (
            <p className="runs__compare">
              {ticked.length === 1
                ? `${ticked[0]!.name} is ticked to compare: tick another.`
                : `${ticked.map((r) => r.name).join(', ')} are ticked to compare.`}{' '}
              {ticked.length >= 2 ? (
                <button type="button" className="button button--secondary button--small" onClick={() => showSection('compare')}>
                  Compare them
                </button>
              ) : null}
            </p>
          ) : null}
          <SavedDataLine />
          {selected ? <RunDetails run={selected} warnings={runWarnings(selected)} busy={busy} /> : null}
        </>
      )}
    </section>
  );
}
