/**
 * The sticky bar: the live status line, the job's progress, the newest run's headline, and the run
 * buttons with Stop, so they stay reachable while the page scrolls. Under the buttons, one line per
 * button says the time it will take (measured on this backend) or why it is disabled; these lines
 * wrap, never cut short. While a job runs focus sits on Stop and Esc stops; when it ends, focus
 * returns to the button that started it.
 */
import { useEffect, useId, useRef } from 'react';
import type { BackendName } from '../core/settings/config';
import { backendLabel, formatDuration } from '../state/format';
import { useActions, useRunBar, useStatus } from '../state/hooks';
import type { Job } from '../state/types';
import { RunHeadline } from './RunHeadline';
import { SWEEP_BUTTON_ID } from './sweep-ids';

function estimateNote(seconds: number | undefined, backend: BackendName | null, basis: 'measured' | 'probe' | undefined): string | null {
  if (seconds === undefined || backend === null) return null;
  const time = seconds < 1 ? 'Under a second' : `About ${formatDuration(seconds)}`;
  return `${time} on ${backendLabel(backend)}${basis === 'probe' ? ' (from a quick timing)' : ''}`;
}

const PROGRESS_LABELS: Partial<Record<Job, string>> = {
  teachers: 'Teacher training progress',
  distill: 'Distillation progress',
  sweep: 'Sweep progress',
};

export function RunBar() {
  const { job, teacherBlocker, distillBlocker, estimate, backendName, fraction } = useRunBar();
  const { status } = useStatus();
  const { trainTeachers, distill, stop } = useActions();
  const teacherButton = useRef<HTMLButtonElement>(null);
  const distillButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  const startedBy = useRef<Job | null>(null);
  const running = job === 'teachers' || job === 'distill' || job === 'sweep';
  const ids = { teachers: useId(), distill: useId(), stop: useId() };

  // Focus follows the job: to Stop when it starts, back to the run button when it ends.
  useEffect(() => {
    if (running) {
      startedBy.current = job;
      stopButton.current?.focus();
      return;
    }
    const starter = startedBy.current;
    startedBy.current = null;
    const focusIsLost = document.activeElement === document.body || document.activeElement === stopButton.current;
    if (!starter || !focusIsLost) return;
    // The sweep's button is in its panel, not in this bar.
    if (starter === 'sweep') document.getElementById(SWEEP_BUTTON_ID)?.focus();
    else (starter === 'teachers' ? teacherButton : distillButton).current?.focus();
  }, [running, job]);

  // Esc stops the running job from anywhere on the page.
  useEffect(() => {
    if (!running) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) stop();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [running, stop]);

  const notes: RunNote[] = [
    {
      id: ids.teachers,
      label: 'Train teachers',
      note: running ? null : (teacherBlocker ?? estimateNote(estimate?.teacherSeconds, backendName, estimate?.basis)),
    },
    {
      id: ids.distill,
      label: 'Distill student',
      note: running ? null : (distillBlocker ?? estimateNote(estimate?.distillSeconds, backendName, estimate?.basis)),
    },
    { id: ids.stop, label: 'Stop', note: running ? 'Esc stops the job too.' : null },
  ];
  const describedBy = (i: number) => (notes[i]!.note ? notes[i]!.id : undefined);
  const bar = useRef<HTMLDivElement>(null);
  // The setup column sticks under this bar and scrolls on its own: it needs the bar's height, which wraps with its texts.
  useEffect(() => {
    const element = bar.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() =>
      root.style.setProperty('--runbar-height', `${Math.ceil(element.getBoundingClientRect().height)}px`),
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--runbar-height');
    };
  }, []);
  return (
    <div className="runbar" ref={bar}>
      <div className="runbar__status">
        <p role="status" aria-live="polite" className="runbar__text" title={status}>
          {status}
        </p>
        <progress className="runbar__progress" aria-label={PROGRESS_LABELS[job] ?? 'Job progress'} max={1} value={running ? fraction : 0} />
        <RunHeadline />
      </div>
      <div className="runbar__controls">
        <div className="runbar__actions">
          <button
            ref={teacherButton}
            type="button"
            className="button button--primary"
            onClick={() => void trainTeachers()}
            disabled={teacherBlocker !== null}
            aria-describedby={describedBy(0)}
          >
            Train teachers
          </button>
          <button
            ref={distillButton}
            type="button"
            className="button button--primary"
            onClick={() => void distill()}
            disabled={distillBlocker !== null}
            aria-describedby={describedBy(1)}
          >
            Distill student
          </button>
          <button
            ref={stopButton}
            type="button"
            className="button button--danger"
            onClick={stop}
            disabled={!running}
            aria-describedby={describedBy(2)}
          >
            Stop
          </button>
        </div>
        <RunNotes notes={notes} />
      </div>
    </div>
  );
}

interface RunNote {
  /** The id the button's aria-describedby points at. */
  id: string;
  label: string;
  /** The expected time, or why the button is disabled; null: nothing to say. */
  note: string | null;
}

/** One line per run button that has something to say, under the buttons; they wrap, never cut short. */
function RunNotes({ notes }: { notes: RunNote[] }) {
  const said = notes.filter((n) => n.note !== null);
  if (said.length === 0) return null;
  return (
    <ul className="runbar__notes" aria-label="About the run buttons">
      {said.map((n) => (
        <li key={n.id}>
          <span className="runbar__note-of">{n.label}:</span>{' '}
          <span id={n.id} className="runbar__note">
            {n.note}
          </span>
        </li>
      ))}
    </ul>
  );
}
