/**
 * A box for a table that may be wider than the page: when (and only when) its content overflows,
 * it becomes a named region that takes focus, so the arrow keys scroll it (WCAG 2.1.1; axe's
 * scrollable-region-focusable). Its first child is the table: tests and the layout find the box as
 * the table's parent.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export function ScrollRegion({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box || typeof ResizeObserver === 'undefined') return;
    // The box changes size with the page; its content with what it shows.
    const observer = new ResizeObserver(() => setOverflows(box.scrollWidth > box.clientWidth));
    observer.observe(box);
    for (const child of box.children) observer.observe(child);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      className={`table-scroll${className ? ` ${className}` : ''}`}
      role={overflows ? 'region' : undefined}
      aria-label={overflows ? label : undefined}
      tabIndex={overflows ? 0 : undefined}
    >
      {children}
    </div>
  );
}
