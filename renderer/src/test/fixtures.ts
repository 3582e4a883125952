import { type IncidentBundle, IncidentBundleSchema } from '../../../shared/api/bundle';

const T0 = 1_700_000_000_000;

/** A small but complete incident file, parsed like a real one. */
export function sampleBundle(): IncidentBundle {
  return IncidentBundleSchema.parse({
    format: 'lockstep.incident',
    version: 1,
    exportedAt: T0 + 600_000,
    exportedBy: 'mia',
    window: { start: T0, end: T0 + 600_000 },
    incident: { id: 'inc-1', title: 'Unlocks failing', service: 'lock-service', severity: 'critical', status: 'open', openedAt: T0 + 60_000, alerts: ['fp1'] },
    timeline: [{ id: 'e1', incidentId: 'inc-1', at: T0 + 60_000, kind: 'incident_opened', text: 'opened' }],
    alerts: [
      { fingerprint: 'fp2', name: 'Info', severity: 'info', state: 'firing', startsAt: T0, labels: {}, annotations: {}, silencedBy: [], source: 'demo' },
      { fingerprint: 'fp1', name: 'UnlockLow', severity: 'critical', state: 'firing', startsAt: T0, labels: { city: 'madrid' }, annotations: { summary: 'low' }, silencedBy: [], source: 'demo' },
    ],
    deployments: [{ service: 'lock-service', active: 'green', colors: { blue: { version: '1' }, green: { version: '2' } } }],
    dashboard: {
      id: 'war-room',
      title: 'War room',
      rangeSeconds: 600,
      refreshSeconds: 5,
      panels: [
        { id: 'online', kind: 'timeseries', title: 'Online', grid: { x: 0, y: 0, w: 8, h: 6 }, targets: [{ refId: 'A', expr: 'city:lock_online:ratio' }] },
        { id: 'funnel', kind: 'funnel', title: 'Funnel', grid: { x: 8, y: 0, w: 8, h: 6 }, targets: [{ refId: 'A', expr: 'step:x:rate1m' }] },
        { id: 'logs', kind: 'logs', title: 'Logs', grid: { x: 0, y: 6, w: 8, h: 6 }, options: { query: '{level="error"}' } },
      ],
    },
    panelData: {
      'online/A': { series: [{ name: 'm', labels: { city: 'madrid' }, times: [T0, T0 + 5000], values: [0.9, null] }], fetchedAt: T0 + 600_000 },
    },
    logs: [
      { time: T0 + 1000, level: 'warn', message: 'older', labels: {} },
      { time: T0 + 2000, level: 'error', message: 'newer', labels: {}, traceId: 'abc123' },
    ],
    traces: [
      {
        traceId: 'abc123',
        spans: [
          { spanId: 'a', service: 'app-gateway', operation: 'GET /unlock', kind: 'server', start: 1_000, duration: 900, tags: {}, error: false },
          { spanId: 'b', parentId: 'a', service: 'lock-service', operation: 'unlock', kind: 'server', start: 1_100, duration: 500, tags: {}, error: false, rpc: { cs: 1_050, sr: 1_100, ss: 1_600, cr: 1_700 } },
        ],
      },
    ],
  });
}
