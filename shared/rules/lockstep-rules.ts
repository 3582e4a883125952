/**
 * The recording and alerting rules for the demo fleet's metric contract, defined once and
 * pure data, so every layer reads the same list: the local stack writes them out as a
 * Prometheus rule file (stack/rules/lockstep.rules.yml), the embedded demo evaluates the
 * same conditions in-process (demo/embedded/recording.ts), and the services recognise a
 * recorded name a metrics source lacks (services/datasources/missing-metrics.ts).
 * Dashboards query the recorded names, so a panel reads the same series from the embedded
 * fleet and from a real Prometheus.
 */
export interface RecordingRule {
  record: string;
  expr: string;
  /** Labels the recorded series keep. */
  by: readonly string[];
}

export interface AlertRule {
  alert: string;
  /** The recorded series the condition is on. */
  series: string;
  op: '<' | '>';
  threshold: number;
  /** How long the condition must hold before the alert fires. */
  forSeconds: number;
  labels: Record<string, string>;
  annotations: { summary: string; description: string };
}

export const RULE_WINDOW = '1m';

/**
 * The share of `metric`'s rate whose samples match `part`, per `by`. The part's sum is
 * `or`-ed with zero for every group of the whole: a service that served requests and no
 * 5xx has no 5xx series at all, and a plain division would then record nothing for it,
 * so panels and alerts would read "no data" where the truth is 0. A group with no traffic
 * stays NaN (0/0), as "no requests" is not "no errors".
 */
function ratioOfRates(metric: string, part: string, by: string): string {
  const whole = `sum by (${by}) (rate(${metric}[${RULE_WINDOW}]))`;
  return `(sum by (${by}) (rate(${metric}{${part}}[${RULE_WINDOW}])) or 0 * ${whole}) / ${whole}`;
}

export const recordingRules: readonly RecordingRule[] = [
  {
    record: 'city:lock_online:ratio',
    expr: 'sum by (city) (lock_online) / sum by (city) (lock_devices)',
    by: ['city'],
  },
  {
    record: 'city:lock_unlock_success:ratio_rate1m',
    expr: ratioOfRates('lock_unlock_requests_total', 'result="success"', 'city'),
    by: ['city'],
  },
  {
    record: 'city:lock_unlock_duration_seconds:p95_rate1m',
    expr: 'histogram_quantile(0.95, sum by (city, le) (rate(lock_unlock_duration_seconds_bucket[1m])))',
    by: ['city'],
  },
  {
    record: 'step:ride_funnel_events:rate1m',
    expr: 'sum by (step) (rate(ride_funnel_events_total[1m]))',
    by: ['step'],
  },
  {
    // Per city, so a funnel panel can filter by $city (the demo source cannot aggregate; the panel sums cities in shared/funnel).
    record: 'city_step:ride_funnel_events:rate1m',
    expr: 'sum by (city, step) (rate(ride_funnel_events_total[1m]))',
    by: ['city', 'step'],
  },
  {
    record: 'provider:payment_success:ratio_rate1m',
    expr: ratioOfRates('payment_requests_total', 'result="success"', 'provider'),
    by: ['provider'],
  },
  {
    // Every provider together: the one number a Payments wall shows big.
    record: ':payment_success:ratio_rate1m',
    expr: ratioOfRates('payment_requests_total', 'result="success"', ''),
    by: [],
  },
  {
    // Requests a second per service: the R of a service's RED panel.
    record: 'service:http_server_requests:rate1m',
    expr: `sum by (service) (rate(http_server_requests_total[${RULE_WINDOW}]))`,
    by: ['service'],
  },
  {
    record: 'service:http_server_errors:ratio_rate1m',
    expr: ratioOfRates('http_server_requests_total', 'code=~"5.."', 'service'),
    by: ['service'],
  },
  {
    // Its buckets carry trace_id exemplars, so the panel on it can open a slow request's trace.
    record: 'service:http_server_request_duration_seconds:p95_rate1m',
    expr: 'histogram_quantile(0.95, sum by (service, le) (rate(http_server_request_duration_seconds_bucket[1m])))',
    by: ['service'],
  },
  // Fleet health (issue 8): per uplink channel, battery, firmware. Per-lock silence is not
  // recorded: dashboards read lock_last_seen_timestamp_seconds through topk() directly.
  {
    record: 'city_channel:lock_unlock_success:ratio_rate1m',
    expr: ratioOfRates('lock_unlock_requests_total', 'result="success"', 'city, channel'),
    by: ['city', 'channel'],
  },
  {
    record: 'city_channel:lock_unlock_duration_seconds:p95_rate1m',
    expr: 'histogram_quantile(0.95, sum by (city, channel, le) (rate(lock_unlock_duration_seconds_bucket[1m])))',
    by: ['city', 'channel'],
  },
  {
    // Battery below 20 %: the exporter's lock_battery_percent histogram has a bucket bound at 20.
    record: 'city:lock_battery_low:ratio',
    expr: 'sum by (city) (lock_battery_percent_bucket{le="20"}) / sum by (city) (lock_battery_percent_count)',
    by: ['city'],
  },
  {
    record: 'city_le:lock_battery_percent_bucket:sum',
    expr: 'sum by (city, le) (lock_battery_percent_bucket)',
    by: ['city', 'le'],
  },
  {
    record: 'city_firmware:lock_devices:sum',
    expr: 'sum by (city, firmware) (lock_devices)',
    by: ['city', 'firmware'],
  },
];

export const alertRules: readonly AlertRule[] = [
  {
    alert: 'ServiceErrorRateHigh',
    series: 'service:http_server_errors:ratio_rate1m',
    op: '>',
    threshold: 0.05,
    forSeconds: 30,
    labels: { severity: 'critical', domain: 'software' },
    annotations: {
      summary: '{{ $labels.service }} is failing {{ $value | humanizePercentage }} of requests',
      description:
        'More than 5% of requests to {{ $labels.service }} end in a 5xx. If a release just went out, switch traffic back to the previous colour.',
    },
  },
  {
    alert: 'UnlockSuccessLow',
    series: 'city:lock_unlock_success:ratio_rate1m',
    op: '<',
    threshold: 0.9,
    // A quiet city at night has few unlocks a minute; give noise time to average out.
    forSeconds: 90,
    labels: { severity: 'warning', domain: 'hardware' },
    annotations: {
      summary: 'Only {{ $value | humanizePercentage }} of unlocks succeed in {{ $labels.city }}',
      description: 'Riders in {{ $labels.city }} cannot unlock bikes. Check the lock fleet and the unlock path.',
    },
  },
  {
    alert: 'CityLocksOffline',
    series: 'city:lock_online:ratio',
    op: '<',
    threshold: 0.8,
    forSeconds: 30,
    labels: { severity: 'critical', domain: 'hardware', service: 'iot-gateway' },
    annotations: {
      summary: 'Only {{ $value | humanizePercentage }} of locks in {{ $labels.city }} are online',
      description: 'Locks in {{ $labels.city }} stopped sending heartbeats: suspect the IoT gateway or the cellular network there.',
    },
  },
  {
    alert: 'PaymentFailuresHigh',
    series: 'provider:payment_success:ratio_rate1m',
    op: '<',
    threshold: 0.9,
    forSeconds: 30,
    labels: { severity: 'critical', domain: 'payment', service: 'payment-service' },
    annotations: {
      summary: 'Payments through {{ $labels.provider }} succeed only {{ $value | humanizePercentage }} of the time',
      description: 'Riders finish rides but are not charged (or are charged twice on retry). Check the payment provider status.',
    },
  },
];

/** The PromQL condition Prometheus evaluates for a rule. */
export function alertExpr(rule: AlertRule): string {
  return `${rule.series} ${rule.op} ${rule.threshold}`;
}

/** The recording rule that records `name`, if it is one of ours. */
export function recordingRuleNamed(name: string): RecordingRule | undefined {
  return recordingRules.find((rule) => rule.record === name);
}
