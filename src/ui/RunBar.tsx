/**
 * The sticky bar: the live status line, the job's progress, and the run buttons with Stop, so
 * they stay reachable while the page scrolls. Before a click each run button states the time it
 * will take (measured on this backend); while a job runs focus sits on Stop and Esc stops; when
 * it ends, focus returns to the button that started it.
 */
import { useEffect, useId, useRef } from 'react';
import { backendLabel, formatDuration } from '../state/format';
import { useActions, useRunBar, useStatus } from '../state/hooks';
import type { Job } from '../state/types';
import { SWEEP_BUTTON_ID } from './sweep-ids';

function estimateNote(seconds: number | undefined, backend: string | null, basis: 'measured' | 'probe' | undefined): string | null {
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

  const teacherNote = teacherBlocker ?? estimateNote(estimate?.teacherSeconds, backendName, estimate?.basis);
  const distillNote = distillBlocker ?? estimateNote(estimate?.distillSeconds, backendName, estimate?.basis);
  return (
    <div className="runbar">
      <div className="runbar__status">
        <p role="status" aria-live="polite" className="runbar__text" title={status}>
          {status}
        </p>
        <progress className="runbar__progress" aria-label={PROGRESS_LABELS[job] ?? 'Job progress'} max={1} value={running ? fraction : 0} />
      </div>
      <div className="runbar__actions">
        <RunButton
          id={ids.teachers}
          buttonRef={teacherButton}
          label="Train teachers"
          note={running ? null : teacherNote}
          disabled={teacherBlocker !== null}
          onClick={() => void trainTeachers()}
        />
        <RunButton
          id={ids.distill}
          buttonRef={distillButton}
          label="Distill student"
          note={running ? null : distillNote}
          disabled={distillBlocker !== null}
          onClick={() => void distill()}
        />
        <RunButton
          id={ids.stop}
          buttonRef={stopButton}
          label="Stop"
          note={running ? 'or press Esc' : null}
          disabled={!running}
          disabledReason="Nothing is running."
          variant="danger"
          onClick={stop}
        />
      </div>
    </div>
  );
}

interface RunButtonProps {
  id: string;
  buttonRef: React.RefObject<HTMLButtonElement | null>;
  label: string;
  /** A line under the button: the expected time, or why it is disabled. */
  note: string | null;
  disabled: boolean;
  disabledReason?: string;
  variant?: 'primary' | 'danger';
  onClick(): void;
}

function RunButton({ id, buttonRef, label, note, disabled, disabledReason, variant = 'primary', onClick }: RunButtonProps) {
  const shown = note ?? (disabled ? (disabledReason ?? null) : null);
  return (
    <span className="runbar__action">
      <button
        ref={buttonRef}
        type="button"
        className={`button button--${variant}`}
        onClick={onClick}
        disabled={disabled}
        aria-describedby={shown ? id : undefined}
      >
        {label}
      </button>
      {shown ? (
        <span id={id} className="runbar__note" title={shown}>
          {shown}
        </span>
      ) : null}
    </span>
  );
}
