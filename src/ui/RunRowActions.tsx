/**
 * A run's name and its actions in the Runs table: show it in detail, tick it for comparison, open
 * the rest of its figures, load its teachers, rename it, delete it (after a confirmation). Each
 * button shows a short word; its name says which run ("Show run 1"), for screen readers and tests.
 */
import { useState } from 'react';
import { useActions } from '../state/hooks';
import type { StudentRun } from '../state/types';

/** A visible word and the run it acts on, said to assistive technology only. */
function Label({ word, run }: { word: string; run: number }) {
  return (
    <>
      {word}
      <span className="visually-hidden"> run {run}</span>
    </>
  );
}

export function RunName({ run }: { run: StudentRun }) {
  const { renameRun } = useActions();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(run.name);
  if (!editing) {
    return (
      <span className="run-name">
        <span className="run-name__text">{run.name}</span>
        <button
          type="button"
          className="button button--link run-name__edit"
          onClick={() => {
            setText(run.name);
            setEditing(true);
          }}
        >
          <Label word="Rename" run={run.id} />
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
  /** The row's other figures are shown (the row under it). */
  expanded: boolean;
  /** Id of the row the More button opens. */
  moreId: string;
  onToggleMore(): void;
}

export function RunRowActions({ run, selected, comparing, busy, current, expanded, moreId, onToggleMore }: RowProps) {
  const { selectRun, toggleCompare, deleteRun, loadRun } = useActions();
  const [confirming, setConfirming] = useState(false);
  return (
    <span className="run-actions">
      <button type="button" className="button button--link" aria-pressed={selected} onClick={() => selectRun(run.id)}>
        <Label word="Show" run={run.id} />
      </button>
      <label className="run-actions__compare">
        <input type="checkbox" checked={comparing} onChange={() => toggleCompare(run.id)} />
        <Label word="Compare" run={run.id} />
      </label>
      <button type="button" className="button button--link" aria-expanded={expanded} aria-controls={moreId} onClick={onToggleMore}>
        More<span className="visually-hidden"> about run {run.id}</span>
      </button>
      <button
        type="button"
        className="button button--link"
        disabled={busy || current}
        title={current ? 'Its teachers are the current ones already.' : undefined}
        onClick={() => void loadRun(run.id)}
      >
        <Label word="Load" run={run.id} />
      </button>
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
          <Label word="Delete" run={run.id} />
        </button>
      )}
    </span>
  );
}
