/**
 * An element's content size in whole pixels, kept current by a ResizeObserver: the charts draw at
 * their container's width.
 *
 * Nothing is measured during React's commit (a getBoundingClientRect there would force the whole
 * page's layout inside the event that mounted the chart, making that task long). The observer
 * reports the first size once the browser has laid the page out, before it paints; the chart is
 * drawn right then (flushSync), so it never shows empty for a frame.
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

export interface Size {
  width: number;
  height: number;
}

const ZERO: Size = { width: 0, height: 0 };

export function useElementSize<T extends HTMLElement>(): [RefObject<T | null>, Size] {
  const ref = useRef<T | null>(null);
  const [size, setSize] = useState<Size>(ZERO);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const rect = entries[entries.length - 1]?.contentRect;
      if (!rect) return;
      const next = { width: Math.floor(rect.width), height: Math.floor(rect.height) };
      flushSync(() => setSize((prev) => (prev.width === next.width && prev.height === next.height ? prev : next)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}
