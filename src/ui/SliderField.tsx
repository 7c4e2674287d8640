/** A labelled range input for a live hyperparameter (Temperature, Alpha), showing its value. */
import { useId } from 'react';
import type { NumericKey } from '../core/settings/config';
import { SETTINGS } from '../core/settings/registry';

interface SliderFieldProps {
  paramKey: NumericKey;
  value: number;
  onChange(value: number): void;
  /** Why the slider does not steer the current loss or schedule (shown, so it never silently does nothing). */
  note?: string | null;
}

export function SliderField({ paramKey, value, onChange, note = null }: SliderFieldProps) {
  const param = SETTINGS[paramKey];
  const id = useId();
  return (
    <div className="field field--slider">
      <div className="field__row">
        <label htmlFor={id}>{param.label}</label>
        {/* A span, not <output>: <output> is a second role="status", and the page has one. */}
        <span className="field__value" aria-hidden="true">
          {param.integer ? value : value.toFixed(param.step < 0.1 ? 2 : 1)}
        </span>
      </div>
      <input
        id={id}
        type="range"
        min={param.min}
        max={param.max}
        step={param.step}
        value={value}
        aria-describedby={note ? `${id}-note ${id}-help` : `${id}-help`}
        onChange={(event) => onChange(Number(event.target.value))}
      />
      {note ? (
        <p id={`${id}-note`} className="field__note">
          {note}
        </p>
      ) : null}
      <p id={`${id}-help`} className="field__help">
        {param.help}
      </p>
    </div>
  );
}
