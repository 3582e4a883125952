import { describe, expect, it } from 'vitest';
import { WALL_LOG_LINES, logLinesLimit } from './wall-log-limit';

describe('the lines a logs panel asks for', () => {
  it('caps a panel limit above one wall screen on an unattended wall, so the lines held stop growing there', () => {
    // The war room's logs panel asks for 200 (services/dashboards/war-room.ts).
    expect(WALL_LOG_LINES).toBe(50);
    expect(logLinesLimit(200, true)).toBe(50);
    // Each poll answers at most the limit: a window filling for an hour still leaves 50.
    const available = [10, 120, 400, 5000];
    expect(available.map((n) => Math.min(n, logLinesLimit(200, true)))).toEqual([10, 50, 50, 50]);
  });

  it('keeps a smaller limit, and any limit on a console someone is using', () => {
    expect(logLinesLimit(20, true)).toBe(20);
    expect(logLinesLimit(200, false)).toBe(200);
    expect(logLinesLimit(5000, false)).toBe(5000);
  });
});
