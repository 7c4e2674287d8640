/** One run in detail: the ensemble, the distilled student and the baseline side by side, what distillation bought, warnings, downloads. */
import { manifestName } from '../state/manifest-export';
import { omittedClass } from '../core/settings/config';
import { ECE_BINS } from '../core/evaluation/metrics';
import { formatBytes, formatCount, formatMs, formatPercent, formatRatio, formatSig } from '../state/format';
import { hiddenText, hyperparamsText } from '../core/settings/describe';
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
import { ScrollRegion } from './ScrollRegion';

/** A column of a model's figures: its header and how a row's value reads. */
type Column = [string, (row: ModelRow, context: { isStudent: boolean; epochs: number }) => string];

/** Teachers imported as logits: their models, so their size, are not here. */
const known = (value: number, format: (v: number) => string) => (Number.isFinite(value) ? format(value) : 'unknown (imported logits)');

/** What each model is and how well it does: the first table (its caption "Results" names it for tests and readers). */
const ACCURACY_COLUMNS: Column[] = [
  ['Parameters', (row) => known(row.params, formatCount)],
  ['Size', (row) => known(row.bytes, formatBytes)],
  ['Validation accuracy', (row) => formatPercent(row.valAccuracy)],
  ['Test accuracy', (row) => formatPercent(row.testAccuracy)],
  [
    'Weights of epoch',
    (row, { isStudent, epochs }) =>
      !isStudent ? '–' : row.keptEpoch === null ? 'last' : `${row.keptEpoch} of ${epochs} (best validation)`,
  ],
  ['ms / 1,000 images', (row) => (Number.isFinite(row.msPer1000) ? formatMs(row.msPer1000) : 'not timed')],
];

/** How far its confidence can be trusted and how close it is to the ensemble: the second table. */
const CALIBRATION_COLUMNS: Column[] = [
  ['ECE', (row) => formatPercent(row.ece)],
  ['MCE', (row) => formatPercent(row.mce)],
  ['NLL', (row) => formatSig(row.nll, 3)],
  ['Brier', (row) => formatSig(row.brier, 3)],
  ['Agreement with ensemble', (row) => formatPercent(row.agreement, 1)],
  ['Mean KL to ensemble', (row) => formatSig(row.meanKl, 3)],
];

function ModelTable({
  caption,
  columns,
  rows,
  epochs,
}: {
  caption: string;
  columns: Column[];
  rows: [string, ModelRow][];
  epochs: number;
}) {
  return (
    <ScrollRegion label={`${caption}, scrollable`}>
      <table className="results run-details__table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            {columns.map(([name]) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, row]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              {columns.map(([column, value]) => {
                const text = value(row, { isStudent: name !== 'Teacher ensemble', epochs });
                return (
                  <td key={column} className={text.includes('(') ? 'run-details__prose' : undefined}>
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** `busy`: a job runs, and the live charts draw it rather than this run. */
export function RunDetails({ run, warnings, busy }: { run: StudentRun; warnings: string[]; busy: boolean }) {
  const { downloadModel, downloadOnnx, exportRun, selectRun, showSection } = useActions();
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
      <div className="run-details__head">
        <h3>Run {run.id} in detail</h3>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={busy}
          title={busy ? 'Live charts draw the job that is running; its curves come back when it ends.' : undefined}
          onClick={() => {
            selectRun(run.id);
            showSection('live');
          }}
        >
          Curves of run {run.id} in Live charts
        </button>
      </div>
      <ModelTable caption="Results" columns={ACCURACY_COLUMNS} rows={rows} epochs={run.result.accuracies.length} />
      <ModelTable caption="Calibration and agreement" columns={CALIBRATION_COLUMNS} rows={rows} epochs={run.result.accuracies.length} />
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
        <span className="downloads__item">
          <button
            type="button"
            className="button button--secondary"
            aria-describedby={`export-manifest-${run.id}`}
            onClick={() => exportRun(run.id, 'manifest')}
          >
            Export run {run.id} manifest
          </button>
          <span id={`export-manifest-${run.id}`} className="downloads__name">
            {manifestName(`run-${run.id}`)}: replay with npm run distill -- --manifest
          </span>
        </span>
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
