/**
 * What the browser keeps of this studio: the space used (teachers, runs and sweeps alike), writes
 * under way, what the browser refused to save (leaving would lose it, and the page asks first), a
 * problem with saving if any, and "Clear saved data" (after a confirmation).
 */
import { useState } from 'react';
import { formatBytes } from '../state/format';
import { useActions, useSaved } from '../state/hooks';

export function SavedDataLine() {
  const { saved } = useSaved();
  const { clearSaved } = useActions();
  const [confirming, setConfirming] = useState(false);
  if (saved.state === 'opening') return null;
  if (saved.state === 'off') {
    return (
      <p className="saved-line">
        Not saved in this browser{saved.problem ? `: ${saved.problem}` : ''}. Work stays on this page until it is closed.
      </p>
    );
  }
  const { usedBytes, quotaBytes } = saved.usage ?? { usedBytes: null, quotaBytes: null };
  const usage =
    usedBytes === null
      ? ''
      : ` (${formatBytes(usedBytes)} used${quotaBytes === null ? '' : ` of ${formatBytes(quotaBytes)} this browser allows`})`;
  return (
    <div className="saved-line">
      <p>
        Teachers, runs and sweeps are saved in this browser{usage}; a reload restores them.
        {saved.pending > 0 ? ' Saving…' : null}{' '}
        {saved.unsaved.length > 0 ? (
          <strong>
            Not saved: {saved.unsaved.join(', ')}; leaving the page would lose {saved.unsaved.length === 1 ? 'it' : 'them'}.{' '}
          </strong>
        ) : null}
        {saved.problem ? <strong>{saved.problem}</strong> : null}
      </p>
      {confirming ? (
        <span role="group" aria-label="Clear saved data?">
          Delete every saved dataset, teacher ensemble, run and sweep from this browser? What is on the page stays.{' '}
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setConfirming(false);
              void clearSaved();
            }}
          >
            Delete saved data
          </button>{' '}
          <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      ) : (
        <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(true)}>
          Clear saved data
        </button>
      )}
    </div>
  );
}
