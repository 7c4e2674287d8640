/**
 * A labelled text-like input with its message and help line: the frame NumberField, LayoutField
 * and the sweep's lists share. The input itself is the caller's; the frame gives it its id and
 * the ids it is described by (the error first, when there is one).
 */
import { useId, type ReactNode } from 'react';

export interface FieldIds {
  id: string;
  describedBy: string;
  invalid: true | undefined;
}

interface FieldFrameProps {
  label: string;
  error: string | undefined;
  help: ReactNode;
  children(ids: FieldIds): ReactNode;
}

export function FieldFrame({ label, error, help, children }: FieldFrameProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy: error ? `${errorId} ${helpId}` : helpId, invalid: error ? true : undefined })}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
      <p id={helpId} className="field__help">
        {help}
      </p>
    </div>
  );
}
