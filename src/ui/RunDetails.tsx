/** One run in detail: the ensemble, the distilled student and the baseline side by side, what distillation bought, warnings, downloads. */
import { omittedClass } from '../core/config';
import { ECE_BINS } from '../core/metrics';
import { formatBytes, formatCount, formatMs, formatPercent, formatRatio, formatSig } from '../state/format';
import { hiddenText, hyperparamsText } from '../core/describe';
import { downloadName, onnxDownloadName } from '../state/downloads';
import { runExportName } from '../state/run-export';
import { useActions } from '../state/hooks';
import type { StudentRun } from '../state/types';
import type { ModelRow } from '../shared/protocol';
import { COLORS } from './charts/palette';
import { ReliabilityChart } from './charts/ReliabilityChart';
import { ConfusionMatrices } from './ConfusionMatrices';
import { OmittedDigitFigures } from './OmittedDigitFigures';
import { QuantizedTable } from './QuantizedTable';

const COLUMNS = [
  'Parameters',
  'Size',
  'Validation accuracy',
  'Test accuracy',
  'Weights of epoch',
  'ECE',
  'MCE',
  'NLL',
  'Brier',
  'Agreement with ensemble',
  'Mean KL to ensemble',
  'ms / 1,000 images',
];

function cells(row: ModelRow, isStudent: boolean, epochs: number): string[] {
  const kept = !isStudent ? '–' : row.keptEpoch === null ? 'last' : `${row.keptEpoch} of ${epochs} (best validation)`;
  // Teachers imported as logits: their models, so their size, are not here.
  const known = (value: number, format: (v: number) => string) => (Number.isFinite(value) ? format(value) : 'unknown (imported logits)');
  return [
    known(row.params, formatCount),
    known(row.bytes, formatBytes),
    formatPercent(row.valAccuracy),
    formatPercent(row.testAccuracy),
    kept,
    formatPercent(row.ece),
    formatPercent(row.mce),
    formatSig(row.nll, 3),
    formatSig(row.brier, 3),
    formatPercent(row.agreement, 1),
    formatSig(row.meanKl, 3),
    Number.isFinite(row.msPer1000) ? formatMs(row.msPer1000) : 'not timed',
  ];
}

export function RunDetails({ run, warnings }: { run: StudentRun; warnings: string[] }) {
  const { downloadModel, downloadOnnx, exportRun } = useActions();
  const { results, stopped, failure } = run.result;
  const rows: [string, ModelRow][] = [
    ['Teacher ensemble', results.ensemble],
    ['Distilled student', results.student],
    ['Baseline student', results.baseline],
  ];
  const gain = results.student.testAccuracy - results.baseline.testAccuracy;
  const omitted = omittedClass(run.config);
  return (
    <div className="run-details">
      <h3>Run {run.id} in detail</h3>
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
                {cells(row, name !== 'Teacher ensemble', run.result.accuracies.length).map((value, i) => (
                  <td key={COLUMNS[i]}>{value}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {omitted !== null ? <OmittedDigitFigures key={run.id} run={run} omitted={omitted} /> : null}
      <ReliabilityChart
        series={[
          { key: 'ensemble', label: 'Ensemble', color: COLORS.ensemble, figures: results.ensemble },
          { key: 'student', label: 'Distilled student', color: COLORS.student, figures: results.student },
          { key: 'baseline', label: 'Baseline student', color: COLORS.baseline, figures: results.baseline },
        ]}
      />
      <ConfusionMatrices key={run.id} run={run} />
      {warnings.length > 0 ? (
        <ul className="warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <dl className="results__summary">
        <div>
          <dt>Distillation vs baseline</dt>
          <dd>
            {gain >= 0 ? '+' : '−'}
            {Math.abs(gain * 100).toFixed(2)} points of test accuracy
          </dd>
        </div>
        <div>
          <dt>Compression</dt>
          <dd>
            {Number.isFinite(results.compression)
              ? `${formatRatio(results.compression)} smaller than the ensemble`
              : 'unknown (the teachers are imported logits)'}
          </dd>
        </div>
        <div>
          <dt>Speed-up</dt>
          <dd>
            {Number.isFinite(results.speedup)
              ? `${formatRatio(results.speedup)} faster than the ensemble`
              : run.teachersImportedFrom !== null
                ? 'unknown (the teachers are imported logits: nothing to time)'
                : 'not timed (the run was stopped)'}
          </dd>
        </div>
        <div>
          <dt>Hyperparameters</dt>
          <dd>
            {hyperparamsText(run.config, run.result.results)}, {hiddenText(run.config.studentHidden)}, {run.config.studentEpochs} epochs
          </dd>
        </div>
      </dl>
      <div className="downloads">
        {(['student', 'baseline'] as const).map((which) => {
          const name = downloadName(run, which);
          return (
            <span key={which} className="downloads__item">
              <button
                type="button"
                className="button button--secondary"
                aria-describedby={`download-${which}-${run.id}`}
                onClick={() => downloadModel(run.id, which)}
              >
                {which === 'student' ? 'Download distilled student' : 'Download baseline student'}
              </button>
              <span id={`download-${which}-${run.id}`} className="downloads__name">
                {name}
              </span>
            </span>
          );
        })}
        <span className="downloads__item">
          <button
            type="button"
            className="button button--secondary"
            aria-describedby={`download-onnx-${run.id}`}
            onClick={() => downloadOnnx(run.id, 'student')}
          >
            Download ONNX student
          </button>
          <span id={`download-onnx-${run.id}`} className="downloads__name">
            {onnxDownloadName(run, 'student')}
          </span>
        </span>
        {(['csv', 'json'] as const).map((format) => (
          <span key={format} className="downloads__item">
            <button
              type="button"
              className="button button--secondary"
              aria-describedby={`export-${format}-${run.id}`}
              onClick={() => exportRun(run.id, format)}
            >
              {format === 'csv' ? `Export run ${run.id} metrics (CSV)` : `Export run ${run.id} (JSON)`}
            </button>
            <span id={`export-${format}-${run.id}`} className="downloads__name">
              {runExportName(run.id, format)}
            </span>
          </span>
        ))}
      </div>
      <QuantizedTable run={run} />
      <p className="results__note">
        Choose settings by validation accuracy, report test accuracy. ECE and MCE: expected and maximum calibration error ({ECE_BINS}{' '}
        confidence bins); NLL (nats) and Brier score: lower is better. These, agreement and KL (nats, T = 1) are on the test split. Timings
        measured in the worker after a warm-up.
        {stopped ? ' Stopped early: the numbers describe the students when they were stopped.' : ''}
        {results.halt
          ? ` Halted: the loss of the ${results.halt.model} became ${results.halt.value} by batch ${results.halt.step} (epoch ${results.halt.epoch}); ` +
            `both students were rolled back to batch ${results.halt.rolledBackTo}.`
          : failure
            ? ` Halted: ${failure}`
            : ''}
      </p>
    </div>
  );
}
