/**
 * The sweep's table: every student, or the settings ranked over seeds (the same columns the CLI
 * prints, from core/sweep.ts). Any column sorts by a click on its header (aria-sort says how);
 * a student's row copies its settings into the form, to train it alone and download it.
 */
import { useId, useMemo, useState } from 'react';
import {
  groupColumns,
  groupPoints,
  pointColumns,
  type SweepAxis,
  type SweepColumn,
  type SweepGroup,
  type SweepPoint,
} from '../core/training/sweep';
import {
  BASELINE_REFERENCE,
  comparisonColumns,
  compareWithReference,
  referenceName,
  resolveReference,
  type SweepReference,
} from '../core/training/sweep-compare';
import { settingsLabel } from '../state/sweep';

type View = 'points' | 'groups';
interface Sort {
  column: string;
  descending: boolean;
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') {
    // Not measured (NaN) sorts last either way.
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
    if (Number.isNaN(b)) return -1;
    return a - b;
  }
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function sortRows<Row>(rows: readonly Row[], columns: readonly SweepColumn<Row>[], sort: Sort | null): Row[] {
  const column = sort && columns.find((c) => c.id === sort.column);
  if (!column) return [...rows];
  return [...rows].sort((a, b) => {
    const order = compare(column.sortValue(a), column.sortValue(b));
    return sort.descending ? -order : order;
  });
}

interface SweepTableProps {
  points: readonly SweepPoint[];
  axes: readonly SweepAxis[];
  /** Copying settings into the form is refused while a job runs. */
  busy: boolean;
  onUseSettings(index: number): void;
}

/** What the ranked table compares with at first: vanilla KD where the sweep varies the loss and tries it, else the baseline. */
function defaultReference(groups: readonly SweepGroup[], axes: readonly SweepAxis[]): SweepReference {
  const lossVaries = axes.some((a) => a.key === 'loss' && a.values.length > 1);
  return (lossVaries && resolveReference({ loss: 'kd' }, groups)) || BASELINE_REFERENCE;
}

export function SweepTable({ points, axes, busy, onUseSettings }: SweepTableProps) {
  const [view, setView] = useState<View>('groups');
  const [sort, setSort] = useState<Sort | null>(null);
  const [chosenReference, setReference] = useState<string | null>(null);
  const referenceId = useId();
  const ranked = useMemo(() => groupPoints(points, axes).map((g, i) => ({ ...g, rank: i + 1 })), [points, axes]);
  // A chosen group that is gone (a new sweep) falls back to the default.
  const reference: SweepReference =
    chosenReference === 'baseline'
      ? BASELINE_REFERENCE
      : ranked.some((g) => g.key === chosenReference)
        ? { kind: 'group', key: chosenReference! }
        : defaultReference(ranked, axes);
  // Cheap (one pass over the points): recomputed on each render.
  const comparisons = compareWithReference(points, axes, reference);
  const name = referenceName(reference, ranked);
  const showView = (next: View) => {
    setView(next);
    setSort(null);
  };
  return (
    <div className="sweep-table">
      <div className="segmented" role="group" aria-label="Sweep table">
        <button type="button" className="button button--small" aria-pressed={view === 'groups'} onClick={() => showView('groups')}>
          Ranked over seeds
        </button>
        <button type="button" className="button button--small" aria-pressed={view === 'points'} onClick={() => showView('points')}>
          Every student
        </button>
      </div>
      {view === 'groups' ? (
        <>
          <label className="sweep-table__reference" htmlFor={referenceId}>
            Compare with{' '}
            <select
              id={referenceId}
              value={reference.kind === 'baseline' ? 'baseline' : reference.key}
              onChange={(event) => setReference(event.target.value)}
            >
              <option value="baseline">the baseline student of the same runs</option>
              {ranked.map((g) => (
                <option key={g.key} value={g.key}>
                  {settingsLabel(g.config, axes) || 'these settings'}
                </option>
              ))}
            </select>
          </label>
          <SortableTable
            caption={`Settings ranked by mean validation accuracy (mean ± sample sd over seeds; gains in points), each compared with ${name} paired over seeds`}
            columns={[...groupColumns(axes), ...comparisonColumns<(typeof ranked)[number]>(comparisons, reference, name)]}
            rows={ranked}
            rowKey={(g) => g.key}
            sort={sort}
            onSort={setSort}
          />
          <p className="hint">
            Paired over seeds: each seed's difference from {name} (the same teachers and batches), its mean with a 95 % t-interval. “Better”
            or “worse” only when the interval excludes 0; “Seeds to resolve” is how many seeds would make the observed difference clear if
            it held. Settings are chosen on validation; test is reported.
          </p>
        </>
      ) : (
        <SortableTable
          caption="Every student of the sweep"
          columns={pointColumns(axes)}
          rows={points}
          rowKey={(p) => String(p.index)}
          sort={sort}
          onSort={setSort}
          action={(p) => (
            <button
              type="button"
              className="button button--link"
              disabled={busy}
              title={busy ? 'Wait for the running job to end.' : undefined}
              onClick={() => onUseSettings(p.index)}
            >
              Use settings of student {p.index}
            </button>
          )}
        />
      )}
    </div>
  );
}

interface SortableTableProps<Row> {
  caption: string;
  columns: readonly SweepColumn<Row>[];
  rows: readonly Row[];
  rowKey(row: Row): string;
  sort: Sort | null;
  onSort(sort: Sort): void;
  action?(row: Row): React.ReactNode;
}

function SortableTable<Row>({ caption, columns, rows, rowKey, sort, onSort, action }: SortableTableProps<Row>) {
  const sorted = sortRows(rows, columns, sort);
  return (
    <div className="table-scroll">
      <table className="results sweep-results">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.column === c.id;
              return (
                <th key={c.id} scope="col" aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() => onSort({ column: c.id, descending: active ? !sort.descending : false })}
                  >
                    {c.header}
                    <span aria-hidden="true" className="sort-button__arrow">
                      {active ? (sort.descending ? '▼' : '▲') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
            {action ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.id}>{c.cell(row)}</td>
              ))}
              {action ? <td>{action(row)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
