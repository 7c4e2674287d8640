/**
 * The sweep: lists of values for T, alpha, the student's hidden layout, the loss and the seed;
 * how many students that makes and how long they take on this backend; Run sweep, then a chart
 * and a table that fill in as each student finishes, and the exports of every figure.
 */
import { ReplayManifest } from './ReplayManifest';
import { useId } from 'react';
import type { BackendName } from '../core/settings/config';
import { LOSSES } from '../core/losses/registry';
import { backendLabel, formatDuration } from '../state/format';
import { useActions, useSweepPanel } from '../state/hooks';
import { SWEEP_LIST_KEYS } from '../state/sweep';
import type { SweepListKey, SweepRun } from '../state/types';
import { SweepChart } from './charts/SweepChart';
import { FieldFrame } from './FieldFrame';
import { SWEEP_BUTTON_ID } from './sweep-ids';
import { SweepTable } from './SweepTable';

const lossNames = LOSSES.map((l) => l.id);

const LIST_FIELDS: Record<SweepListKey, { label: string; help: string }> = {
  temperature: { label: 'Temperatures', help: 'T values, e.g. 1, 2, 4, 8, 16.' },
  alpha: { label: 'Alphas', help: 'Weights of the soft term, e.g. 0.5, 0.9 (DKD ignores alpha).' },
  studentHidden: {
    label: 'Student sizes',
    help: 'Hidden layers of the student, e.g. 16, 64, 128-64, none, or cnn (a small convolutional student).',
  },
  loss: { label: 'Losses', help: `Any of ${lossNames.join(', ')}.` },
  calibrateTeachers: {
    label: 'Calibrated teachers',
    help: 'off, on, or off, on: distil from the teachers as trained, temperature-scaled, or each way.',
  },
  seed: { label: 'Seeds', help: 'Each setting is trained once per seed; the charts show mean ± sd over them.' },
};

export function SweepPanel() {
  const { lists, errors, blocker, size, estimate, backendName, job, sweep, savedText } = useSweepPanel();
  const { setSweepList, runSweep, exportSweep, applySweepSettings } = useActions();
  const summaryId = useId();
  const running = job === 'sweep';
  const hasPoints = (sweep?.points.length ?? 0) > 0;
  const exportReason = hasPoints ? undefined : 'Run a sweep first: there is nothing to export yet.';
  return (
    <section className="panel panel--wide" aria-labelledby="sweep-heading">
      <h2 id="sweep-heading">Sweep</h2>
      <p className="panel__intro">
        One student per combination of the values below, distilled one after another from the teachers above (trained once). Other settings
        come from the form. Settings are chosen on validation; test accuracy is reported, never used to choose.
      </p>
      <fieldset className="sweep-fields" disabled={running}>
        <legend className="visually-hidden">Values to sweep</legend>
        {SWEEP_LIST_KEYS.map((key) => (
          <ListField key={key} listKey={key} text={lists[key]} error={errors[key]} onChange={(text) => setSweepList(key, text)} />
        ))}
      </fieldset>
      <div className="sweep-actions">
        <button
          id={SWEEP_BUTTON_ID}
          type="button"
          className="button button--primary"
          disabled={blocker !== null}
          aria-describedby={summaryId}
          onClick={() => void runSweep()}
        >
          Run sweep
        </button>
        <p id={summaryId} className="sweep-summary">
          {running
            ? 'Running: progress is in the bar at the top; Stop keeps the finished students.'
            : summaryText(size, blocker, estimate, backendName)}
        </p>
        <button type="button" className="button" disabled={!hasPoints} title={exportReason} onClick={() => exportSweep('csv')}>
          Export CSV
        </button>
        <button type="button" className="button" disabled={!hasPoints} title={exportReason} onClick={() => exportSweep('json')}>
          Export JSON
        </button>
        <button
          type="button"
          className="button"
          disabled={!hasPoints}
          title={exportReason ?? 'Settings, seeds, backend and dataset hash: replay with npm run distill -- --manifest FILE'}
          onClick={() => exportSweep('manifest')}
        >
          Export manifest
        </button>
      </div>
      {sweep ? (
        <>
          <p className="sweep-state">
            {stateText(sweep.points.length, sweep.configs.length, sweep.state, sweep.restored)} {savedText}
          </p>
          <SweepChart points={sweep.points} axes={sweep.axes} />
          {hasPoints ? (
            <SweepTable points={sweep.points} axes={sweep.axes} busy={job !== 'idle'} onUseSettings={applySweepSettings} />
          ) : null}
        </>
      ) : null}
      <ReplayManifest disabled={job !== 'idle'} />
    </section>
  );
}

function summaryText(
  size: number,
  blocker: string | null,
  estimate: { seconds: number; basis: 'measured' | 'probe' } | null,
  backendName: BackendName | null,
): string {
  const students = `${size} student${size === 1 ? '' : 's'}`;
  if (blocker) return `${students}. ${blocker}`;
  if (!estimate || !backendName) return `${students}.`;
  const basis = estimate.basis === 'probe' ? ' (from a quick timing)' : '';
  return `${students}, about ${formatDuration(estimate.seconds)} on ${backendLabel(backendName)}${basis}.`;
}

function stateText(finished: number, count: number, state: SweepRun['state'], restored: SweepRun['restored']): string {
  const of = `${finished} of ${count} students finished`;
  const visit = restored === null ? '' : ' From your last visit.';
  if (state === 'running') return `${of}; the chart and table grow as each one ends.`;
  if (restored === 'closed') return `Stopped when the page closed: ${of} (kept).${visit}`;
  if (state === 'stopped') return `Stopped: ${of} (kept).${visit}`;
  if (state === 'failed') return `Failed: ${of} (kept).${visit}`;
  return `Done: ${of}.${visit}`;
}

interface ListFieldProps {
  listKey: SweepListKey;
  text: string;
  error: string | undefined;
  onChange(text: string): void;
}

function ListField({ listKey, text, error, onChange }: ListFieldProps) {
  const { label, help } = LIST_FIELDS[listKey];
  return (
    <FieldFrame label={label} error={error} help={help}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="text"
          inputMode={listKey === 'loss' || listKey === 'studentHidden' ? 'text' : 'decimal'}
          spellCheck={false}
          value={text}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  );
}
