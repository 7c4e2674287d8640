/**
 * The alerts under the run bar: a crash (with "Restart worker"), an error, a notice, and a pointer
 * to an import's problem (said in the Dataset panel, next to the file picker). Results are never
 * cleared here.
 */
import { useActions, useBackend, useImportProblem, useStatus } from '../state/hooks';
import { crashReason } from '../state/messages';
import { revealDatasetImport } from './dataset-import-focus';

export function Alerts() {
  const { error, notice, crash } = useStatus();
  const { backendRequest, workerState } = useBackend();
  const { pointer } = useImportProblem();
  const { restartWorker, dismissError, dismissNotice } = useActions();
  if (crash === null && error === null && notice === null && pointer === null) return null;
  return (
    <div className="alerts">
      {crash !== null ? (
        <div role="alert" className="alert alert--crash">
          <p>
            <strong>The compute worker crashed:</strong> {crashReason(crash)}. Restart it on another backend (choose one under “Backend”).
            Your teachers and your runs are kept on this page.
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
      {pointer !== null ? (
        // Not an alert of its own: the message in the Dataset panel is the one announced.
        <div className="alert alert--error">
          <p>{pointer}</p>
          <button type="button" className="button button--secondary" onClick={revealDatasetImport}>
            Show the message
          </button>
        </div>
      ) : null}
      {notice !== null ? (
        <div role="alert" className="alert alert--notice">
          <p>{notice}</p>
          <button type="button" className="button button--secondary" onClick={dismissNotice}>
            Dismiss notice
          </button>
        </div>
      ) : null}
    </div>
  );
}
