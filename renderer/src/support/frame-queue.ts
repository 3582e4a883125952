/**
 * Work that may wait a frame or two, spread over animation frames: each frame runs queued
 * jobs, oldest first, until FRAME_BUDGET_MS have gone (at least one job a frame).
 *
 * A wall slide change mounts a whole dashboard: building each of its uPlot charts (6–25 ms
 * apiece on the soak's 2-core machine) in the frame its panel got data made that frame
 * 70–200 ms long (scripts/bench/wall-frames.ts). Queued here, the charts appear over the
 * next few frames instead, none of which passes 50 ms.
 */
const FRAME_BUDGET_MS = 12;

const jobs: (() => void)[] = [];
let scheduled = false;

/** Runs `job` in a coming animation frame; the returned function takes it out of the queue if it has not run. */
export function inLaterFrame(job: () => void): () => void {
  jobs.push(job);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(runJobs);
  }
  return () => {
    const at = jobs.indexOf(job);
    if (at >= 0) jobs.splice(at, 1);
  };
}

function runJobs(): void {
  scheduled = false;
  const start = performance.now();
  do jobs.shift()?.();
  while (jobs.length > 0 && performance.now() - start < FRAME_BUDGET_MS);
  if (jobs.length > 0) {
    scheduled = true;
    requestAnimationFrame(runJobs);
  }
}
