/**
 * The classroom view of teaching mode: for a projector — text of 24 px and up, high contrast, the
 * controls reduced to T, alpha, Train and Reset, and the keyboard: space trains (or stops), the
 * left and right arrows move T. The four maps are as large as the screen allows (one row, or a
 * 2×2 grid on a tall screen), each student's test accuracy under its map, the loss live while the
 * student trains; nothing scrolls at 1024×768, 1280×720 or 1920×1080.
 */
import { useEffect, useMemo, useRef, type CSSProperties, type ReactNode } from 'react';
import { paramByKey } from '../../core/settings/config';
import type { LossPoint } from '../../shared/protocol';
import { formatSig } from '../../state/format';
import { useActions, useClassroom, useLiveLoss, useTeaching } from '../../state/hooks';
import { COLORS } from '../charts/palette';
import { linePath, linearScale, type Point } from '../charts/svg/scale';
import { Alerts } from '../Alerts';
import { SliderField } from '../SliderField';
import { classroomPercent, gainText, resetWarning } from './classroom';
import { RegionsPanel, type ClassroomMap } from './RegionsPanel';
import { useMapGrid } from './useMapGrid';

/** Keys typed into a control (a slider's arrows, a button's space) or in a dialog keep their meaning there. */
const isControl = (target: EventTarget | null) =>
  target instanceof HTMLElement && target.closest('input, select, textarea, button, dialog') !== null;

const MAPS = 4;

export function ClassroomView() {
  const { temperature, alpha, running, status } = useTeaching();
  const { setTemperature, setAlpha, trainOrStop, setClassroom } = useActions();
  const step = paramByKey('temperature').step;
  const { min, max } = paramByKey('temperature');
  const [mapsRef, grid] = useMapGrid<HTMLDivElement>(MAPS);
  const below = useScores();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isControl(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
      if (document.querySelector('dialog[open]')) return;
      if (event.key === ' ') {
        event.preventDefault();
        void trainOrStop();
      } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
        event.preventDefault();
        const next = temperature + (event.key === 'ArrowRight' ? step : -step);
        setTemperature(Math.min(max, Math.max(min, next)));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [temperature, step, min, max, setTemperature, trainOrStop]);

  const mapStyle = grid ? ({ '--map-size': `${grid.size}px`, '--map-columns': grid.columns } as CSSProperties) : undefined;
  return (
    <div className="classroom">
      <header className="classroom__bar">
        <h1>Distillation, live</h1>
        <button type="button" className="button button--secondary" onClick={() => setClassroom(false)}>
          Leave classroom view
        </button>
      </header>
      <div className="classroom__controls">
        <SliderField paramKey="temperature" value={temperature} onChange={setTemperature} />
        <SliderField paramKey="alpha" value={alpha} onChange={setAlpha} />
        <button type="button" className="button button--primary classroom__train" onClick={() => void trainOrStop()}>
          {running ? 'Stop' : 'Train'}
        </button>
        <ResetButton disabled={running} />
        <p className="classroom__keys">Space: train or stop · ← →: temperature</p>
      </div>
      <Alerts />
      <div ref={mapsRef} className="classroom__maps" style={mapStyle}>
        <RegionsPanel classroom size={grid?.size} below={below} />
      </div>
      <div className="classroom__foot">
        <p role="status" aria-live="polite" className="classroom__status">
          {status}
        </p>
        <LiveLoss />
      </div>
    </div>
  );
}

/**
 * Under the students' maps, their test accuracy in the page's latest run (and the gain), or
 * "Training…" while their maps are repainted by the next; under the ensemble's, its own.
 */
function useScores(): Partial<Record<ClassroomMap, ReactNode>> {
  const { runId, studentTestAccuracy, baselineTestAccuracy, ensembleTestAccuracy, teacherCount, distilling } = useClassroom();
  return useMemo(() => {
    const training = <p className="classroom-score classroom-score--none">Training…</p>;
    const score = (accuracy: number | null, detail: string) =>
      accuracy === null ? (
        <p className="classroom-score classroom-score--none">Not trained yet</p>
      ) : (
        <div className="classroom-score">
          <p>
            <strong className="classroom-score__value">{classroomPercent(accuracy)}</strong> test accuracy
          </p>
          <p className="classroom-score__detail">{detail}</p>
        </div>
      );
    const gain = studentTestAccuracy !== null && baselineTestAccuracy !== null ? gainText(studentTestAccuracy, baselineTestAccuracy) : '';
    return {
      student: distilling ? training : score(studentTestAccuracy, gain),
      baseline: distilling ? training : score(baselineTestAccuracy, runId === null ? '' : `hard labels only, run ${runId}`),
      ensemble: score(ensembleTestAccuracy, `${teacherCount} teacher${teacherCount === 1 ? '' : 's'}`),
    };
  }, [runId, studentTestAccuracy, baselineTestAccuracy, ensembleTestAccuracy, teacherCount, distilling]);
}

/**
 * Reset reloads the 2D dataset, which deletes the teachers and the runs: it asks first (a modal
 * dialog saying what would be lost; Esc or Cancel keep everything, and focus comes back to Reset),
 * and resets at once when there is nothing to lose.
 */
function ResetButton({ disabled }: { disabled: boolean }) {
  const { setToy } = useActions();
  const { teacherCount, runCount } = useClassroom();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const warning = resetWarning(teacherCount, runCount);
  const ask = () => {
    dialogRef.current?.showModal();
    cancelRef.current?.focus();
  };
  const reset = () => {
    dialogRef.current?.close();
    void setToy({});
  };
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="button button--secondary"
        disabled={disabled}
        onClick={() => (warning ? ask() : reset())}
      >
        Reset
      </button>
      <dialog
        ref={dialogRef}
        className="classroom-confirm"
        aria-labelledby="classroom-confirm-title"
        aria-describedby="classroom-confirm-text"
        onClose={() => buttonRef.current?.focus()}
      >
        <h2 id="classroom-confirm-title">Start again?</h2>
        <p id="classroom-confirm-text">{warning}</p>
        <div className="classroom-confirm__buttons">
          <button type="button" className="button button--danger" onClick={reset}>
            Reset
          </button>
          {/* Focused when the dialog opens: Enter or space there keeps everything. */}
          <button ref={cancelRef} type="button" className="button button--secondary" onClick={() => dialogRef.current?.close()}>
            Cancel
          </button>
        </div>
      </dialog>
    </>
  );
}

const SPARK = { width: 150, height: 44, pad: 3 };

/** The total loss per batch as a path in the sparkline's box, from 0 at the bottom to its largest value. */
function sparkPath(losses: readonly LossPoint[]): string {
  const first = losses[0];
  const last = losses[losses.length - 1];
  if (!first || !last || losses.length < 2) return '';
  const top = Math.max(1e-9, ...losses.map((p) => p.total).filter(Number.isFinite));
  const x = linearScale([first.step, last.step], [SPARK.pad, SPARK.width - SPARK.pad]);
  const y = linearScale([0, top], [SPARK.height - SPARK.pad, SPARK.pad]);
  return linePath(
    losses.map((p): Point => [p.step, p.total]),
    x,
    y,
  );
}

/** The loss as the student trains: the distilled student's total and the baseline's CE at the newest batch, the total's curve. */
function LiveLoss() {
  const { losses } = useLiveLoss();
  const path = useMemo(() => sparkPath(losses), [losses]);
  const last = losses[losses.length - 1];
  if (!last) return <p className="classroom-loss classroom-loss--none">Loss: shown while the student trains</p>;
  return (
    <div className="classroom-loss">
      <div className="classroom-loss__curve">
        <svg width={SPARK.width} height={SPARK.height} aria-hidden="true">
          <path d={path} fill="none" stroke={COLORS.total} strokeWidth={3} strokeLinejoin="round" />
        </svg>
        <p>batch {last.step}</p>
      </div>
      <p className="classroom-loss__row">
        distilled total <strong className="classroom-loss__value">{formatSig(last.total, 3)}</strong>
      </p>
      <p className="classroom-loss__row">
        baseline CE <strong className="classroom-loss__value">{formatSig(last.baseline, 3)}</strong>
      </p>
    </div>
  );
}
