/**
 * The live status line (one role="status" element), the Stop button for whichever job runs,
 * and the alerts: a crash (with "Restart worker") or an error. Results are never cleared here.
 */
import { useBackend, useActions, useStatus } from '../state/hooks';
import { crashReason } from '../state/messages';
import { ActionButton } from './ActionButton';

export function StatusBar() {
  const { status, error, crash, job } = useStatus();
  const { backendRequest, workerState } = useBackend();
  const { stop, restartWorker, dismissError } = useActions();
  const running = job === 'teachers' || job === 'distill';
  return (
    <div className="statusbar">
      <div className="statusbar__line">
        <p role="status" aria-live="polite" className="statusbar__status">
          {status}
        </p>
        <ActionButton variant="danger" onClick={stop} disabledReason={running ? null : 'Nothing is running.'}>
          Stop
        </ActionButton>
      </div>
      {crash !== null ? (
        <div role="alert" className="alert alert--crash">
          <p>
            <strong>The compute worker crashed:</strong> {crashReason(crash)}. Restart it on another backend (choose one under
            “Backend”). Your teachers and your last student are kept on this page.
          </p>
          <button type="button" className="button button--primary" onClick={() => void restartWorker(backendRequest)}>
            Restart worker
          </button>
        </div>
      ) : null}
      {error !== null ? (
        <div role="alert" className="alert alert--error">
          <p>{error}</p>
          {workerState === 'failed' && crash === null ? (
            <button type="button" className="button button--primary" onClick={() => void restartWorker(backendRequest)}>
              Restart worker
            </button>
          ) : (
            <button type="button" className="button button--secondary" onClick={dismissError}>
              Dismiss
            </button>
          )}
        </div>
      ) : null}
    </div>
  );
}
