import { describe, expect, it } from 'vitest';
import { createDemoSource } from '../index';

const T0 = Date.UTC(2024, 5, 3, 2, 0, 0);

describe('exemplars of the embedded demo', () => {
  it('come with the service latency series, one per service and time slot, and each opens its trace', async () => {
    const clock = { now: T0 };
    const demo = createDemoSource(
      { id: 'demo', name: 'Demo', kind: 'demo', locks: 20_000, seed: 7, scheduledIncidents: false },
      { now: () => clock.now, autoStart: false },
    );
    // Two minutes of live simulation (the detailed part of the backfill has traces).
    clock.now += 120_000;
    const result = await demo.metrics!.queryRange({ expr: 'service:http_server_request_duration_seconds:p95_rate1m{service="lock-service"}', start: T0, end: clock.now, stepSeconds: 5 });
    expect(result.series.map((s) => s.labels.service)).toEqual(['lock-service']);
    const exemplars = result.exemplars ?? [];
    expect(exemplars.length).toBeGreaterThan(5);
    expect(exemplars.every((e) => e.seriesLabels.service === 'lock-service' && e.seriesLabels.__name__ === 'http_server_request_duration_seconds_bucket')).toBe(true);
    expect(exemplars.every((e) => e.time >= T0 && e.time <= clock.now && e.value > 0 && /^[0-9a-f]{16,32}$/.test(e.traceId ?? ''))).toBe(true);
    // Every dot opens: exemplars whose trace left the demo's trace store are not offered.
    expect(exemplars.filter((e) => demo.fleet.traces.get(e.traceId!) === undefined)).toEqual([]);
    const trace = await demo.traces!.getTrace(exemplars[0]!.traceId!);
    expect(trace.spans.some((span) => span.service === 'lock-service')).toBe(true);
    // Ratios carry no exemplars.
    const errors = await demo.metrics!.queryRange({ expr: 'service:http_server_errors:ratio_rate1m', start: T0, end: clock.now, stepSeconds: 5 });
    expect(errors.exemplars).toBeUndefined();
  });
});
