/** A button that, when disabled, says why (title and a visible note tied by aria-describedby). */
import { useId, type ReactNode } from 'react';

interface ActionButtonProps {
  children: ReactNode;
  onClick(): void;
  /** Null when the button can be pressed. */
  disabledReason: string | null;
  variant?: 'primary' | 'secondary' | 'danger';
}

export function ActionButton({ children, onClick, disabledReason, variant = 'secondary' }: ActionButtonProps) {
  const id = useId();
  const disabled = disabledReason !== null;
  return (
    <span className="action">
      <button
        type="button"
        className={`button button--${variant}`}
        onClick={onClick}
        disabled={disabled}
        title={disabledReason ?? undefined}
        aria-describedby={disabled ? id : undefined}
      >
        {children}
      </button>
      {disabled ? (
        <span id={id} className="action__reason">
          {disabledReason}
        </span>
      ) : null}
    </span>
  );
}
