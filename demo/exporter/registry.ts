import { Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';
import {
  BATTERY_BUCKETS,
  CHANNELS,
  CITIES,
  FUNNEL_STEPS,
  HEARTBEAT_AGE_BUCKETS,
  HTTP_BUCKETS,
  PAYMENT_RESULTS,
  PROVIDERS,
  UNLOCK_BUCKETS,
  UNLOCK_RESULTS,
} from '../fleet/catalog';
import type { FleetObserver } from '../fleet/events';
import type { Fleet } from '../fleet/fleet';
import { lockHistogramsByCity } from '../fleet/lock-gauges';
import { StateHistogram, type StateHistogramData } from './state-histogram';

/**
 * The fleet as a Prometheus exporter, with exactly the metric contract in the README ("The demo fleet's metrics").
 * OpenMetrics, so the duration histograms' exemplars (trace_id) reach Prometheus.
 */
export function createFleetRegistry(fleet: Fleet): Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE> {
  const registry = new Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const registers = [registry];

  new Gauge({
    name: 'lock_devices',
    help: 'Locks registered.',
    labelNames: ['city', 'model', 'firmware'],
    registers,
    collect() {
      this.reset();
      for (const r of fleet.onlineCounts()) this.set({ city: r.city, model: r.model, firmware: r.firmware }, r.devices);
    },
  });
  new Gauge({
    name: 'lock_online',
    help: `Locks with a heartbeat in the last ${fleet.locks.onlineWindowMs / 1000} seconds.`,
    labelNames: ['city', 'model', 'firmware'],
    registers,
    collect() {
      this.reset();
      for (const r of fleet.onlineCounts()) this.set({ city: r.city, model: r.model, firmware: r.firmware }, r.online);
    },
  });
  registry.registerMetric(new StateHistogram('lock_battery_percent', 'Battery level of locks.', BATTERY_BUCKETS, () => perCity(fleet, 'battery')) as unknown as Metric);
  registry.registerMetric(
    new StateHistogram('lock_heartbeat_age_seconds', 'Age of the last heartbeat of each lock.', HEARTBEAT_AGE_BUCKETS, () => perCity(fleet, 'age')) as unknown as Metric,
  );

  const unlocks = new Counter({ name: 'lock_unlock_requests_total', help: 'Unlock attempts by channel and result.', labelNames: ['city', 'channel', 'result'], registers });
  const unlockDuration = new Histogram({
    name: 'lock_unlock_duration_seconds',
    help: 'Scan until the lock reports open.',
    labelNames: ['city', 'channel'],
    buckets: [...UNLOCK_BUCKETS],
    registers,
  });
  const funnel = new Counter({ name: 'ride_funnel_events_total', help: 'Riders reaching each step of the ride funnel.', labelNames: ['city', 'step'], registers });
  const payments = new Counter({ name: 'payment_requests_total', help: 'Charges by provider and result.', labelNames: ['provider', 'result'], registers });
  const requests = new Counter({ name: 'http_server_requests_total', help: 'Requests served.', labelNames: ['service', 'route', 'code'], registers });
  // Typed <string>: prom-client types exemplar labels with the metric's own label names.
  const duration = new Histogram<string>({
    name: 'http_server_request_duration_seconds',
    help: 'Time to serve a request.',
    labelNames: ['service', 'route'],
    buckets: [...HTTP_BUCKETS],
    enableExemplars: true,
    registers,
  });
  new Gauge({
    name: 'deploy_info',
    help: 'One per deployed colour; active="true" on the live one.',
    labelNames: ['service', 'color', 'version', 'active'],
    registers,
    collect() {
      this.reset();
      for (const d of fleet.deployer.list()) {
        for (const color of ['blue', 'green'] as const) {
          const version = d.colors[color]?.version;
          if (version) this.set({ service: d.service, color, version, active: String(d.active === color) }, 1);
        }
      }
    },
  });

  // Every label combination from the start, so rate() sees a series before its first event.
  for (const city of CITIES) {
    for (const channel of CHANNELS) for (const result of UNLOCK_RESULTS) unlocks.inc({ city, channel, result }, 0);
    for (const step of FUNNEL_STEPS) funnel.inc({ city, step }, 0);
  }
  for (const provider of PROVIDERS) for (const result of PAYMENT_RESULTS) payments.inc({ provider, result }, 0);

  const observer: FleetObserver = {
    unlock(city, channel, result, seconds, count) {
      unlocks.inc({ city, channel, result }, count);
      for (let i = 0; i < count; i++) unlockDuration.observe({ city, channel }, seconds);
    },
    funnel(city, step, count) {
      funnel.inc({ city, step }, count);
    },
    payment(provider, result, count) {
      payments.inc({ provider, result }, count);
    },
    http(service, route, code, seconds, traceId, count) {
      requests.inc({ service, route, code }, count);
      for (let i = 0; i < count; i++) duration.observe({ labels: { service, route }, value: seconds, exemplarLabels: { trace_id: traceId } });
    },
  };
  fleet.addObserver(observer);
  return registry;
}

function perCity(fleet: Fleet, what: 'battery' | 'age'): StateHistogramData[] {
  return lockHistogramsByCity(fleet.locks, what, fleet.time).map((h, c) => ({ labels: { city: CITIES[c]! }, counts: h.counts, sum: h.sum }));
}
