/** The "Backend" select: restarts the worker on the chosen backend (not while a job runs). */
import { useId } from 'react';
import { BACKENDS } from '../core/settings/config';
import type { BackendRequest } from '../shared/protocol';
import { backendLabel } from '../state/format';
import { useActions, useBackend } from '../state/hooks';

/** Auto, then the backends in the order the worker tries them. */
export const BACKEND_OPTIONS: { value: BackendRequest; label: string }[] = (['auto', ...BACKENDS] as const).map((value) => ({
  value,
  label: backendLabel(value),
}));

export function BackendSelect() {
  const { backendRequest, busy } = useBackend();
  const { restartWorker } = useActions();
  const id = useId();
  const reason = busy ? 'The backend can be changed when no job is running.' : undefined;
  return (
    <div className="backend-select">
      <label htmlFor={id}>Backend</label>
      <select
        id={id}
        value={backendRequest}
        disabled={busy}
        title={reason}
        onChange={(event) => void restartWorker(event.target.value as BackendRequest)}
      >
        {BACKEND_OPTIONS.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
