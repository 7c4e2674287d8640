/** Calls `fn` at most once per `intervalMs`, always delivering the latest arguments (leading + trailing). */
export function throttle<A extends unknown[]>(fn: (...args: A) => void, intervalMs: number): (...args: A) => void {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;
  const fire = () => {
    timer = null;
    if (pending) {
      const args = pending;
      pending = null;
      last = Date.now();
      fn(...args);
    }
  };
  const throttled = (...args: A) => {
    pending = args;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0 && timer === null) fire();
    else if (timer === null) timer = setTimeout(fire, Math.max(0, wait));
  };
  return throttled;
}
