/**
 * The classroom maps' size, from the screen: the area the maps may fill (a box whose size the page
 * layout gives it, not its content) and the text each map carries above and under it, measured.
 *
 * The figures are measured after each change of size or content (a ResizeObserver on the area and
 * on each figure; the new size is set in the next frame, so the observer never loops). Text that
 * wraps less on a wider map can only make the next size larger again, so the sizes settle in a
 * step or two.
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { mapGrid, type MapGrid } from './classroom';

export function useMapGrid<T extends HTMLElement>(count: number): [RefObject<T | null>, MapGrid | null] {
  const ref = useRef<T | null>(null);
  const [grid, setGrid] = useState<MapGrid | null>(null);
  useLayoutEffect(() => {
    const area = ref.current;
    if (!area || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const figures = [...area.querySelectorAll('figure')];
      const parent = figures[0]?.parentElement;
      const gap = parent ? parseFloat(getComputedStyle(parent).columnGap) || 0 : 0;
      let overhead = 0;
      for (const figure of figures) {
        const canvas = figure.querySelector('canvas');
        if (canvas) overhead = Math.max(overhead, figure.offsetHeight - canvas.offsetHeight);
      }
      const next = mapGrid({ width: area.clientWidth, height: area.clientHeight }, count, gap, overhead);
      setGrid((prev) => (prev?.size === next.size && prev.columns === next.columns ? prev : next));
    };
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    });
    observer.observe(area);
    for (const figure of area.querySelectorAll('figure')) observer.observe(figure);
    // The first size before the first paint.
    measure();
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [count]);
  return [ref, grid];
}
