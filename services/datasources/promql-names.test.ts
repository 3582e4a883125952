import { describe, expect, it } from 'vitest';
import { recordingRules } from '../../shared/rules/lockstep-rules';
import { warRoomDashboard } from '../dashboards/war-room';
import { exemplarQueryFor } from './prometheus-exemplars';
import { metricNames } from './promql-names';

describe('metric names in PromQL', () => {
  it('finds the one recorded name each shipped dashboard query reads', () => {
    const targets = warRoomDashboard.panels.flatMap((p) => p.targets);
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(metricNames(target.expr)).toEqual([target.expr.replace(/\{.*$|\s+offset\s+\S+$/, '')]);
  });

  it('finds the raw metrics behind every recording rule, and nothing else', () => {
    expect(Object.fromEntries(recordingRules.map((r) => [r.record, metricNames(r.expr)]))).toEqual({
      'city:lock_online:ratio': ['lock_online', 'lock_devices'],
      'city:lock_unlock_success:ratio_rate1m': ['lock_unlock_requests_total'],
      'city:lock_unlock_duration_seconds:p95_rate1m': ['lock_unlock_duration_seconds_bucket'],
      'step:ride_funnel_events:rate1m': ['ride_funnel_events_total'],
      'city_step:ride_funnel_events:rate1m': ['ride_funnel_events_total'],
      'provider:payment_success:ratio_rate1m': ['payment_requests_total'],
      ':payment_success:ratio_rate1m': ['payment_requests_total'],
      'service:http_server_requests:rate1m': ['http_server_requests_total'],
      'service:http_server_errors:ratio_rate1m': ['http_server_requests_total'],
      'service:http_server_request_duration_seconds:p95_rate1m': ['http_server_request_duration_seconds_bucket'],
      'city_channel:lock_unlock_success:ratio_rate1m': ['lock_unlock_requests_total'],
      'city_channel:lock_unlock_duration_seconds:p95_rate1m': ['lock_unlock_duration_seconds_bucket'],
      'city:lock_battery_low:ratio': ['lock_battery_percent_bucket', 'lock_battery_percent_count'],
      'city_le:lock_battery_percent_bucket:sum': ['lock_battery_percent_bucket'],
      'city_firmware:lock_devices:sum': ['lock_devices'],
    });
  });

  it.each([
    ['sum(rate(x_total[5m])) by (job, instance)', ['x_total']],
    ['sum without (le) (a) / on (job) group_left (team) b', ['a', 'b']],
    ['a > bool 0.5 and b offset 5m or c @ start()', ['a', 'b', 'c']],
    ['label_replace(up{job="a,b"}, "dst", "$1", "src", "(.*)")', ['up']],
    ['{__name__="node_load1", instance=~".+"}', ['node_load1']],
    ['{__name__=~"node_.+"}', []],
    ['max_over_time(deriv(rate(d[1m])[5m:1m])[10m:])', ['d']],
    ['topk(3, sum by (city) (lock_online)) # a comment naming not_a_metric', ['lock_online']],
    ['count_values("version", build_info) * 1e3 + 0x1F - Inf', ['build_info']],
    ['histogram_quantile(0.9, sum by (le) (rate(h_bucket{path="/a{b}"}[1m]))) OR vector(0)', ['h_bucket']],
    ['x AND ON(job) y unless z', ['x', 'y', 'z']],
  ])('%s → %j', (expr, names) => {
    expect(metricNames(expr)).toEqual(names);
  });
});

describe('the exemplar query for a panel', () => {
  it('reads the histogram behind a recorded latency series of ours', () => {
    expect(exemplarQueryFor('service:http_server_request_duration_seconds:p95_rate1m{service="lock-service"}')).toBe(
      'histogram_quantile(0.95, sum by (service, le) (rate(http_server_request_duration_seconds_bucket[1m])))',
    );
  });

  it('asks with the expression itself when it reads buckets, and not at all when it reads none', () => {
    const raw = 'histogram_quantile(0.99, sum by (le) (rate(api_latency_seconds_bucket[5m])))';
    expect(exemplarQueryFor(raw)).toBe(raw);
    expect(exemplarQueryFor('service:http_server_errors:ratio_rate1m')).toBeUndefined();
    expect(exemplarQueryFor('up')).toBeUndefined();
  });
});
