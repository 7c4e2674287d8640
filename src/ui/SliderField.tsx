/** A labelled range input for a live hyperparameter (Temperature, Alpha), showing its value. */
import { useId } from 'react';
import { paramByKey, type NumericKey } from '../core/config';

interface SliderFieldProps {
  paramKey: NumericKey;
  value: number;
  onChange(value: number): void;
}

export function SliderField({ paramKey, value, onChange }: SliderFieldProps) {
  const param = paramByKey(paramKey);
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
        aria-describedby={`${id}-help`}
        onChange={(event) => onChange(Number(event.target.value))}
      />
      <p id={`${id}-help`} className="field__help">
        {param.help}
      </p>
    </div>
  );
}
