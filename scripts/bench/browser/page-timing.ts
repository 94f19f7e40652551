/** Clocks for the browser benchmark: painted frames, DOM size and the page's responsiveness. */

/** Resolves after the next frame is painted (a task queued from its animation frame runs after the paint). */
export function afterPaint(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    });
  });
}

/** The time just after the first painted frame in which `ready()` holds. */
export async function paintedWhen(ready: () => boolean, timeoutMs = 120_000): Promise<number> {
  const start = performance.now();
  for (;;) {
    const painted = await afterPaint();
    if (ready()) return painted;
    if (painted - start > timeoutMs) throw new Error(`Not shown within ${timeoutMs} ms`);
  }
}

/** Every node under `root`, shadow roots and their content included. */
export function countNodes(root: Node): number {
  let count = 0;
  const visit = (node: Node) => {
    count += 1;
    if (node instanceof Element && node.shadowRoot) visit(node.shadowRoot);
    for (let child = node.firstChild; child; child = child.nextSibling) visit(child);
  };
  visit(root);
  return count;
}

/** What the page felt like while something ran: its longest task, longest frame gap and slowest click. */
export interface Responsiveness {
  longestTaskMs: number;
  longestFrameGapMs: number;
  clicks: number;
  slowestClickMs: number;
}

/**
 * Watches the page: long tasks (over 50 ms, as the browser reports them), the longest gap
 * between animation frames, and the delay of clicks on `button` from the input event to its
 * handler. `seen()` answers what it saw so far and keeps watching; `stop()` ends the watch
 * and answers what it saw in all.
 */
export function watchResponsiveness(button: HTMLElement): { seen(): Responsiveness; stop(): Responsiveness } {
  let longestTask = 0;
  let longestGap = 0;
  let clicks = 0;
  let slowestClick = 0;
  let last = performance.now();
  let frame = 0;
  const tick = (now: number) => {
    longestGap = Math.max(longestGap, now - last);
    last = now;
    frame = requestAnimationFrame(tick);
  };
  frame = requestAnimationFrame(tick);
  const tasks = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestTask = Math.max(longestTask, entry.duration);
  });
  tasks.observe({ type: 'longtask' });
  const onClick = (event: Event) => {
    clicks += 1;
    slowestClick = Math.max(slowestClick, performance.now() - event.timeStamp);
  };
  button.addEventListener('click', onClick);
  const seen = (): Responsiveness => {
    for (const entry of tasks.takeRecords()) longestTask = Math.max(longestTask, entry.duration);
    // The gap still open counts too: a frame that has not come yet is late already.
    longestGap = Math.max(longestGap, performance.now() - last);
    return { longestTaskMs: longestTask, longestFrameGapMs: longestGap, clicks, slowestClickMs: slowestClick };
  };
  return {
    seen,
    stop() {
      const all = seen();
      cancelAnimationFrame(frame);
      tasks.disconnect();
      button.removeEventListener('click', onClick);
      return all;
    },
  };
}
