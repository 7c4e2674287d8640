/** A run's row actions in the Runs table: show it, tick it for comparison, rename it, delete it (after a confirmation). */
import { useState } from 'react';
import { useActions } from '../state/hooks';
import type { StudentRun } from '../state/types';

export function RunName({ run }: { run: StudentRun }) {
  const { renameRun } = useActions();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(run.name);
  if (!editing) {
    return (
      <span className="run-name">
        {run.name}
        <button
          type="button"
          className="button button--link run-name__edit"
          onClick={() => {
            setText(run.name);
            setEditing(true);
          }}
        >
          Rename run {run.id}
        </button>
      </span>
    );
  }
  const save = () => {
    renameRun(run.id, text);
    setEditing(false);
  };
  return (
    <input
      className="run-name__input"
      aria-label={`Name of run ${run.id}`}
      value={text}
      autoFocus
      maxLength={80}
      onChange={(e) => setText(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') save();
        if (e.key === 'Escape') setEditing(false);
      }}
    />
  );
}

interface RowProps {
  run: StudentRun;
  selected: boolean;
  comparing: boolean;
  busy: boolean;
  /** True when the run's teachers are the current ones (nothing to load). */
  current: boolean;
}

export function RunRowActions({ run, selected, comparing, busy, current }: RowProps) {
  const { selectRun, toggleCompare, deleteRun, loadRun } = useActions();
  const [confirming, setConfirming] = useState(false);
  return (
    <span className="run-actions">
      <button type="button" className="button button--link" aria-pressed={selected} onClick={() => selectRun(run.id)}>
        Show run {run.id}
      </button>
      <button
        type="button"
        className="button button--link"
        disabled={busy || current}
        title={current ? 'Its teachers are the current ones already.' : undefined}
        onClick={() => void loadRun(run.id)}
      >
        Load run {run.id}
      </button>
      <label className="run-actions__compare">
        <input type="checkbox" checked={comparing} onChange={() => toggleCompare(run.id)} />
        Compare run {run.id}
      </label>
      {confirming ? (
        <span className="run-actions__confirm" role="group" aria-label={`Delete run ${run.id}?`}>
          Delete “{run.name}” and its students?
          <button type="button" className="button button--small" onClick={() => deleteRun(run.id)}>
            Delete it
          </button>
          <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      ) : (
        <button type="button" className="button button--link" disabled={busy} onClick={() => setConfirming(true)}>
          Delete run {run.id}
        </button>
      )}
    </span>
  );
}
