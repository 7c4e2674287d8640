/**
 * The classroom view of teaching mode: for a projector — large type and lines, high contrast, the
 * controls reduced to T, alpha, Train and Reset, and the keyboard: space trains (or stops), the
 * left and right arrows move T. Fits 1280×720 without scrolling.
 */
import { useEffect } from 'react';
import { paramByKey } from '../../core/config';
import { useActions, useTeaching } from '../../state/hooks';
import { SliderField } from '../SliderField';
import { RegionsPanel } from './RegionsPanel';

/** Keys typed into a control keep their meaning there (a slider's arrows, a button's space). */
const isControl = (target: EventTarget | null) =>
  target instanceof HTMLElement && target.closest('input, select, textarea, button') !== null;

export function ClassroomView() {
  const { temperature, alpha, running, status } = useTeaching();
  const { setTemperature, setAlpha, trainOrStop, setToy, setClassroom } = useActions();
  const step = paramByKey('temperature').step;
  const { min, max } = paramByKey('temperature');

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isControl(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
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

  return (
    <div className="classroom">
      <header className="classroom__bar">
        <h1>Distillation, live</h1>
        <p role="status" aria-live="polite" className="classroom__status">
          {status}
        </p>
        <button type="button" className="button button--secondary" onClick={() => setClassroom(false)}>
          Leave classroom view
        </button>
      </header>
      <div className="classroom__body">
        <div className="classroom__controls">
          <SliderField paramKey="temperature" value={temperature} onChange={setTemperature} />
          <SliderField paramKey="alpha" value={alpha} onChange={setAlpha} />
          <button type="button" className="button classroom__train" onClick={() => void trainOrStop()}>
            {running ? 'Stop' : 'Train'}
          </button>
          <button type="button" className="button button--secondary" disabled={running} onClick={() => void setToy({})}>
            Reset
          </button>
          <p className="classroom__keys">Space: train or stop · ← →: temperature</p>
        </div>
        <RegionsPanel classroom />
      </div>
    </div>
  );
}
