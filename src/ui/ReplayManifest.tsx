/**
 * "Replay a manifest": a file input that replays an exported run or sweep (its dataset, teachers and
 * students) and, when done, a table of each student's recorded and replayed test accuracy.
 */
import { useId } from 'react';
import { formatPercent } from '../core/format';
import { useActions, useReplay } from '../state/hooks';

export function ReplayManifest({ disabled }: { disabled: boolean }) {
  const { replayManifest } = useActions();
  const { replay } = useReplay();
  const inputId = useId();
  return (
    <div className="field replay">
      <label htmlFor={inputId}>Replay a manifest</label>
      <input
        id={inputId}
        type="file"
        accept=".json,application/json"
        disabled={disabled}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void replayManifest({ name: file.name, size: file.size, read: () => file.arrayBuffer() });
        }}
      />
      <p className="field__help">
        A manifest exported from a run or a sweep (here or with the CLI's --manifest-out): its dataset, teachers and students are trained
        again with the same seeds, and each student's test accuracy is set against the recorded one. The same backend gives the same
        numbers.
      </p>
      {replay?.state === 'running' ? <p className="replay__state">Replaying {replay.file}: progress is in the bar at the top.</p> : null}
      {replay?.rows ? (
        <div className="table-scroll">
          <table className="results">
            <caption>{replay.summary}</caption>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Seed</th>
                <th scope="col">Recorded test</th>
                <th scope="col">Replayed test</th>
                <th scope="col">Same</th>
              </tr>
            </thead>
            <tbody>
              {replay.rows.map((r) => (
                <tr key={r.index}>
                  <td>{r.index}</td>
                  <td>{r.seed}</td>
                  <td>{formatPercent(r.expected)}</td>
                  <td>{Number.isFinite(r.replayed) ? formatPercent(r.replayed) : '–'}</td>
                  <td>{r.same ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
