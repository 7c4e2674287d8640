/** The box a plot fills: it measures itself (ResizeObserver) and draws its SVG at that size, once it has one. */
import { type ReactNode } from 'react';
import { useElementSize } from './useElementSize';

export function ChartFrame({ children }: { children: (width: number, height: number) => ReactNode }) {
  const [ref, { width, height }] = useElementSize<HTMLDivElement>();
  return (
    <div ref={ref} className="chart-plot">
      {width > 0 && height > 0 ? children(width, height) : null}
    </div>
  );
}
