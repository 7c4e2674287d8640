/** A job's progress: a <progress> bar, where it is, and the estimated time left. */
import type { Progress } from '../worker/protocol';
import { formatDuration } from '../state/format';

export function ProgressView({ label, progress, detail }: { label: string; progress: Progress | null; detail?: string }) {
  return (
    <div className="progress">
      <progress aria-label={label} max={1} value={progress ? progress.fraction : undefined} />
      <p className="progress__text">
        {progress ? (
          <>
            Epoch {progress.epoch}/{progress.epochs}, batch {progress.batch}/{progress.batches}
            {detail ? ` — ${detail}` : ''}
            {progress.secondsLeft !== null ? ` · about ${formatDuration(progress.secondsLeft)} left` : ' · estimating time left…'}
          </>
        ) : (
          'Starting…'
        )}
      </p>
    </div>
  );
}
