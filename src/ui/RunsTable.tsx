/**
 * The Runs table: one row per distillation of this page, narrow enough for the page (no sideways
 * scrolling at 1280 px): what tells runs apart and what they gained, with the actions; the rest of
 * each run is one click away (More, or Show for the run in detail).
 */
import { useResults } from '../state/hooks';
import { RUN_COLUMNS, RunRow } from './RunRow';
import { ScrollRegion } from './ScrollRegion';

export function RunsTable() {
  const { runs, selected, training, compareIds, busy, teachersId } = useResults();
  return (
    <ScrollRegion label="Runs, scrollable">
      <table className="results runs">
        <caption className="visually-hidden">Runs</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Dataset</th>
            <th scope="col">Loss</th>
            <th scope="col" title="Temperature as the run used it: one value, first → last, or its range and where it ended">
              T
            </th>
            <th scope="col" title="Alpha (the soft term's weight) as the run used it">
              α
            </th>
            <th scope="col">Distilled test</th>
            <th scope="col">Baseline test</th>
            <th scope="col">Gain (points)</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <RunRow
              key={run.id}
              run={run}
              selected={selected?.id === run.id}
              comparing={compareIds.includes(run.id)}
              busy={busy}
              current={run.teachersId === teachersId}
            />
          ))}
          {training !== null ? (
            <tr className="runs__training">
              <th scope="row">Run {training}</th>
              <td colSpan={RUN_COLUMNS - 1}>Training… The rows above are finished runs.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
