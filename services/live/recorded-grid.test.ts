import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromFullFrame, toFullFrame } from '../../shared/model/live-frame';
import { pointsPerSeries } from '../../shared/model/query-step';
import { sampleAt } from '../../shared/model/series';
import { decodePrometheusMatrix } from '../datasources/prometheus-decode';

/**
 * Real range answers (services/datasources/testdata/*\/recorded, written by `npm run
 * record` from Prometheus 2.42 and VictoriaMetrics 1.79) on the step grid live frames use:
 * Prometheus answers at start + k × step, so its samples fit the grid of the window it was
 * asked, and so did the recorded VictoriaMetrics. The hub asks for step-aligned windows
 * anyway (services/live/live-queries.ts), so a source that rounds the start to the step
 * also lands on the grid.
 */
const recorded = (system: string, file: string) =>
  decodePrometheusMatrix(JSON.parse(readFileSync(new URL(`../datasources/testdata/${system}/recorded/${file}`, import.meta.url), 'utf8')) as unknown);

// The window both recordings asked, as recorded/index.json says (`npm run record` writes a new one each time).
const asked = (JSON.parse(readFileSync(new URL('../datasources/testdata/prometheus/recorded/index.json', import.meta.url), 'utf8')) as {
  requests: { name: string; params: Record<string, string> }[];
}).requests.find((r) => r.name === 'query_range_service_errors')!.params;
const START = Math.round(Number(asked.start) * 1000);
const END = Math.round(Number(asked.end) * 1000);
const STEP_MS = Number(asked.step) * 1000;

describe('recorded range answers on the live-frame grid', () => {
  for (const file of ['query_range_service_errors.json', 'query_range_service_latency.json']) {
    it(`Prometheus ${file}: every sample lands on the asked window's grid and comes back unchanged`, () => {
      const decoded = recorded('prometheus', file);
      const result = { series: decoded.series, fetchedAt: 1, warnings: decoded.warnings };
      const frame = toFullFrame(result, START, STEP_MS, pointsPerSeries(START, END, 5), 1);
      expect(frame).toBeDefined();
      expect(result.series.length).toBeGreaterThan(0);
      const back = fromFullFrame(frame!);
      for (const [i, s] of result.series.entries()) {
        const drawn = back.series[i]!;
        for (let k = 0; k < s.times.length; k += 1) {
          expect(sampleAt(drawn, drawn.times.indexOf(s.times[k]!))).toBe(sampleAt(s, k));
        }
      }
    });
  }

  it('VictoriaMetrics query_range_service_errors.json: answered at the asked start + k × step too (as recorded), so it fits the grid', () => {
    const decoded = recorded('victoriametrics', 'query_range_service_errors.json');
    const result = { series: decoded.series, fetchedAt: 1, warnings: decoded.warnings };
    expect(result.series[0]!.times).toEqual([START + 10 * STEP_MS, START + 11 * STEP_MS, START + 12 * STEP_MS]);
    expect(toFullFrame(result, START, STEP_MS, pointsPerSeries(START, END, 5), 1)).toBeDefined();
    // Half a step off, nothing fits: such an answer travels whole.
    expect(toFullFrame(result, START + STEP_MS / 2, STEP_MS, pointsPerSeries(START, END, 5), 1)).toBeUndefined();
  });
});
