/**
 * The recording and alerting rules for the demo fleet's metric contract, defined once.
 * The local stack writes them out as a Prometheus rule file; the embedded demo source
 * evaluates the same conditions in-process. Dashboards query the recorded names, so a
 * panel reads the same series from the embedded fleet and from a real Prometheus.
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

export const recordingRules: readonly RecordingRule[] = [
  {
    record: 'city:lock_online:ratio',
    expr: 'sum by (city) (lock_online) / sum by (city) (lock_devices)',
    by: ['city'],
  },
  {
    record: 'city:lock_unlock_success:ratio_rate1m',
    expr:
      'sum by (city) (rate(lock_unlock_requests_total{result="success"}[1m]))' +
      ' / sum by (city) (rate(lock_unlock_requests_total[1m]))',
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
    record: 'provider:payment_success:ratio_rate1m',
    expr:
      'sum by (provider) (rate(payment_requests_total{result="success"}[1m]))' +
      ' / sum by (provider) (rate(payment_requests_total[1m]))',
    by: ['provider'],
  },
  {
    record: 'service:http_server_errors:ratio_rate1m',
    expr:
      'sum by (service) (rate(http_server_requests_total{code=~"5.."}[1m]))' +
      ' / sum by (service) (rate(http_server_requests_total[1m]))',
    by: ['service'],
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
