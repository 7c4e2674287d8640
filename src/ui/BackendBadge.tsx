/** Which tfjs backend runs the worker, and why preferred ones were skipped. */
import { backendLabel } from '../state/format';
import { useBackend } from '../state/hooks';

export function BackendBadge() {
  const { backend, workerState } = useBackend();
  if (workerState === 'crashed') return <p className="badge badge--bad">Worker crashed</p>;
  if (workerState === 'failed') return <p className="badge badge--bad">No backend running</p>;
  if (!backend || workerState === 'starting') return <p className="badge badge--idle">Starting backend…</p>;
  return (
    <div className="backend-info">
      <p className="badge badge--ok" title={backend.detail}>
        Running on <strong>{backendLabel(backend.name)}</strong>
        <span className="badge__detail"> · {backend.detail}</span>
      </p>
      {backend.skipped.length > 0 ? (
        <details className="backend-info__skipped">
          <summary>Skipped {backend.skipped.map((s) => backendLabel(s.name)).join(', ')}</summary>
          <ul>
            {backend.skipped.map((s) => (
              <li key={s.name}>
                <strong>{backendLabel(s.name)}</strong>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
