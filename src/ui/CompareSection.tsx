/**
 * The Compare section: the runs ticked in the Runs table, side by side (ComparisonPanel), or how to
 * tick them when fewer than two are.
 */
import { comparedRuns } from '../state/selectors';
import { useActions, useCompare } from '../state/hooks';
import { ComparisonPanel } from './ComparisonPanel';

export function CompareSection() {
  const { runs, compareIds } = useCompare();
  const { showSection } = useActions();
  const compared = comparedRuns(runs, compareIds);
  return (
    <section className="panel panel--wide" aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compare runs</h2>
      {compared.length >= 2 ? (
        <ComparisonPanel runs={compared} />
      ) : (
        <div className="placeholder placeholder--action">
          <p>
            {runs.length === 0
              ? 'Distill two or more students, then tick “Compare” on their rows in Results'
              : runs.length === 1
                ? 'Distill another student, then tick “Compare” on both rows in Results'
                : `Tick “Compare” on two or more rows of the Runs table (${compared.length === 1 ? 'one is ticked' : 'none is ticked yet'})`}
            : their curves and results show here side by side.
          </p>
          {runs.length > 0 ? (
            <button type="button" className="button button--secondary" onClick={() => showSection('results')}>
              Go to the Runs table
            </button>
          ) : null}
        </div>
      )}
    </section>
  );
}
