/** The comparison: ensemble vs distilled vs baseline student, and what distillation bought. */
import { formatBytes, formatCount, formatMs, formatPercent, formatRatio, formatSig } from '../state/format';
import { useResults } from '../state/hooks';
import type { ModelRow } from '../worker/protocol';

const COLUMNS = ['Parameters', 'Size', 'Test accuracy', 'ECE', 'Agreement with ensemble', 'Mean KL to ensemble', 'ms / 1,000 images'];

function cells(row: ModelRow): string[] {
  return [
    formatCount(row.params),
    formatBytes(row.bytes),
    formatPercent(row.testAccuracy),
    formatPercent(row.ece),
    formatPercent(row.agreement, 1),
    formatSig(row.meanKl, 3),
    formatMs(row.msPer1000),
  ];
}

export function ResultsTable() {
  const { student } = useResults();
  return (
    <section className="panel panel--wide" aria-labelledby="results-heading">
      <h2 id="results-heading">Results</h2>
      {student === null ? (
        <p className="placeholder">Distil a student to compare it with the ensemble and with a baseline trained on hard labels.</p>
      ) : (
        <ResultsBody record={student} />
      )}
    </section>
  );
}

function ResultsBody({ record }: { record: NonNullable<ReturnType<typeof useResults>['student']> }) {
  const { results, stopped, failure } = record.result;
  const rows: [string, ModelRow][] = [
    ['Teacher ensemble', results.ensemble],
    ['Distilled student', results.student],
    ['Baseline student', results.baseline],
  ];
  const gain = results.student.testAccuracy - results.baseline.testAccuracy;
  return (
    <>
      <div className="table-scroll">
        <table className="results">
          <caption className="visually-hidden">Results</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              {COLUMNS.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, row]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {cells(row).map((value, i) => (
                  <td key={COLUMNS[i]}>{value}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="results__summary">
        <div>
          <dt>Compression</dt>
          <dd>{formatRatio(results.compression)} smaller than the ensemble</dd>
        </div>
        <div>
          <dt>Speed-up</dt>
          <dd>{formatRatio(results.speedup)} faster than the ensemble</dd>
        </div>
        <div>
          <dt>Distillation vs baseline</dt>
          <dd>
            {gain >= 0 ? '+' : '−'}
            {Math.abs(gain * 100).toFixed(2)} points of test accuracy
          </dd>
        </div>
        <div>
          <dt>Hyperparameters</dt>
          <dd>
            T = {results.temperature}, alpha = {results.alpha}, {record.config.studentHidden} hidden units, {record.config.studentEpochs} epochs
          </dd>
        </div>
      </dl>
      <p className="results__note">
        ECE: expected calibration error (15 bins). KL in nats, at T = 1, on the test split. Timings measured in the worker after a warm-up.
        {stopped ? ' Stopped early: the numbers describe the student when it was stopped.' : ''}
        {failure ? ` Halted: ${failure}` : ''}
      </p>
    </>
  );
}
