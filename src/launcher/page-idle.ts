/**
 * Work the launcher does when the page can spare it: never in the way of the page's own work.
 */

/** After the page has loaded, the task runs when the browser is idle, at the latest this long after. */
const IDLE_TIMEOUT_MS = 4_000;

export type IdleTask = { cancel(): void };

/** Runs `task` once the page has loaded and the browser is idle. */
export function whenPageIdle(task: () => void): IdleTask {
  let cancelled = false;
  // Cancelled, it stays scheduled and does nothing when its time comes (less to ship than unscheduling).
  const run = () => void (cancelled || task());
  const schedule = () => {
    // Safari has no requestIdleCallback: a timer after load serves.
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(run, 1_000);
  };
  if (document.readyState === 'complete') schedule();
  else addEventListener('load', schedule, { once: true });
  return { cancel: () => void (cancelled = true) };
}
