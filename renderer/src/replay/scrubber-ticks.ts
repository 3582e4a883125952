const MINUTE = 60_000;
/** Tick steps a person reads easily, in minutes. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];

/** Round-minute ticks across [start, end], at most `maxTicks` of them. */
export function scrubberTicks(start: number, end: number, maxTicks: number): number[] {
  const span = end - start;
  if (!(span > 0) || maxTicks < 1) return [];
  const step = (STEPS.find((m) => span / (m * MINUTE) <= maxTicks) ?? STEPS[STEPS.length - 1]!) * MINUTE;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end && ticks.length < maxTicks + 1; t += step) ticks.push(t);
  return ticks;
}

/** Where an instant sits on the track, 0–100 %. */
export function trackPercent(at: number, start: number, end: number): number {
  if (!(end > start)) return 100;
  return Math.min(100, Math.max(0, ((at - start) / (end - start)) * 100));
}
