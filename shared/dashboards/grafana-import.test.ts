import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGrafanaDashboard, labelValuesQuery, looksLikeGrafana } from './grafana-import';
import { compactGrid, gridHeightOf, legacyRowsToGrid } from './grafana-layout';

// Published dashboards, copied with their sources in shared/testdata/grafana/README.md.
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, '../testdata/grafana', `${name}.json`), 'utf8'));

describe('Grafana import: modern (schemaVersion 38)', () => {
  const { dashboard, skipped } = importGrafanaDashboard(fixture('modern-hotrod-metrics-logs'));

  it('takes the stat, time series and logs panels with their queries, legends, units and layout', () => {
    expect(dashboard.schemaVersion).toBe(2);
    expect(dashboard.title).toBe('HotROD - Metrics and Logs Overview');
    expect(dashboard.rangeSeconds).toBe(15 * 60);
    expect(dashboard.refreshSeconds).toBe(10);
    expect(dashboard.panels.map((p) => [p.kind, p.title, p.grid])).toEqual([
      ['stat', 'Total  Count of logs', { x: 0, y: 0, w: 12, h: 3 }],
      ['stat', 'Total Count: of pattern $searchable_pattern', { x: 12, y: 0, w: 12, h: 3 }],
      ['logs', 'Live logs', { x: 0, y: 3, w: 18, h: 8 }],
      ['stat', 'Percentage of "$searchable_pattern"  for specified time', { x: 18, y: 3, w: 6, h: 8 }],
      ['timeseries', 'Frontend HTTP response codes', { x: 0, y: 11, w: 7, h: 8 }],
      ['timeseries', 'Frontend requests total', { x: 7, y: 11, w: 8, h: 8 }],
      ['timeseries', 'Frontend latency percentiles', { x: 15, y: 11, w: 9, h: 8 }],
    ]);
    const panel = (title: string) => dashboard.panels.find((p) => p.title === title)!;
    expect(panel('Live logs').options).toEqual({ query: '{container_name="$container_name"} |~ "(?i)$searchable_pattern" ', limit: 200 });
    expect(panel('Frontend HTTP response codes').targets).toEqual([{ refId: 'A', expr: 'rate(hotrod_http_requests_total{endpoint=~"$endpoint"}[5m])', legend: '{{status_code}}' }]);
    // The gauge's green → yellow → red steps as the stat's colours, averaged over the range as Grafana's "mean".
    expect(panel('Percentage of "$searchable_pattern"  for specified time').options).toEqual({ reduce: 'mean', base: 'ok', thresholds: [{ value: 10, color: 'warn' }, { value: 50, color: 'bad' }] });
    const latency = panel('Frontend latency percentiles');
    expect(latency.unit).toBe('seconds');
    expect(latency.targets.map((t) => [t.refId, t.legend])).toEqual([['A', 'P99'], ['B', 'P95'], ['C', 'P50']]);
    // Grafana draws no threshold on these (thresholdsStyle off), so neither does Lockstep.
    expect(latency.thresholds).toBeUndefined();
  });

  it('keeps the template variables it can fill and says what it skipped', () => {
    expect(dashboard.variables.map((v) => [v.name, v.type, v.query, v.includeAll, v.current])).toEqual([
      ['container_name', 'query', { label: 'container_name', match: '{container_name=~".+"}' }, false, ['grafana-integration-hotrod-1']],
      ['searchable_pattern', 'textbox', undefined, false, ['error']],
      ['endpoint', 'query', { label: 'endpoint', match: 'hotrod_requests_total' }, true, ['$__all']],
    ]);
    expect(skipped).toEqual([
      "rows ('Loki Overview', 'Endpoint: $endpoint') were flattened: Lockstep has no collapsible rows",
      `stat panel 'Total  Count of logs' shows the newest value: Grafana's "sum" reduction has no equivalent`,
      `stat panel 'Total Count: of pattern $searchable_pattern' shows the newest value: Grafana's "sum" reduction has no equivalent`,
      `stat panel 'Percentage of "$searchable_pattern"  for specified time' shows its values as plain numbers: the stat panel formats percent (0–1) and seconds only`,
      `gauge panel 'Percentage of "$searchable_pattern"  for specified time' shows as a big number with its threshold colour (Lockstep draws no dial)`,
    ]);
  });
});

describe('Grafana import: legacy rows (schemaVersion 14)', () => {
  const { dashboard, skipped } = importGrafanaDashboard(fixture('legacy-rows-loki-writes'));

  it('lays rows of spans out on the 24-column grid, reading units from the y axis', () => {
    expect(dashboard.panels.map((p) => [p.title, p.grid, p.unit ?? 'none', p.options])).toEqual([
      ['QPS', { x: 0, y: 0, w: 12, h: 7 }, 'none', { min: 0 }],
      ['Latency', { x: 12, y: 0, w: 12, h: 7 }, 'milliseconds', { min: 0 }],
      ['QPS', { x: 0, y: 7, w: 12, h: 7 }, 'none', { min: 0 }],
      ['Latency', { x: 12, y: 7, w: 12, h: 7 }, 'milliseconds', { min: 0 }],
    ]);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(4);
    expect(dashboard.panels[1]!.targets.map((t) => t.legend)).toEqual(['99th Percentile', '50th Percentile', 'Average']);
    expect(dashboard.timezone).toBe('utc');
    expect(skipped).toEqual([
      "rows ('Write Path', 'BoltDB Shipper') were flattened: Lockstep has no collapsible rows",
      "link 'Loki Dashboards' was not imported: Lockstep keeps web links only",
      "variable $datasource (a data-source picker) was not imported: panels read Lockstep's configured sources",
    ]);
  });

  it('converts pixel heights and spans as Grafana’s upgrade does', () => {
    expect(gridHeightOf('250px')).toBe(7);
    expect(gridHeightOf(50)).toBe(3);
    expect(legacyRowsToGrid([{ height: '200px', panels: [{ span: 8 }, { span: 8 }, {}] }])).toEqual([
      [
        { x: 0, y: 0, w: 16, h: 6 },
        { x: 0, y: 6, w: 16, h: 6 },
        { x: 16, y: 6, w: 8, h: 6 },
      ],
    ]);
  });
});

describe('Grafana import: transitional (schemaVersion 27)', () => {
  const { dashboard, skipped } = importGrafanaDashboard(fixture('transitional-argo-rollouts'));

  it('imports graph, stat and table panels, including those inside collapsed rows, packed upward without overlap', () => {
    expect(dashboard.panels.filter((p) => p.kind !== 'stat').map((p) => [p.kind, p.title, p.grid])).toEqual([
      ['timeseries', 'Rollouts', { x: 7, y: 0, w: 13, h: 4 }],
      ['timeseries', 'Reconcile Activity', { x: 0, y: 15, w: 24, h: 8 }],
      ['timeseries', 'Memory Used', { x: 0, y: 23, w: 24, h: 6 }],
      ['toplist', 'Phase', { x: 0, y: 7, w: 4, h: 5 }],
    ]);
    expect(dashboard.panels.filter((p) => p.kind === 'stat')).toHaveLength(12);
    expect(dashboard.panels.find((p) => p.title === 'Aborted')!.options).toEqual({ reduce: 'last', base: 'warn', thresholds: [{ value: 0, color: 'ok' }, { value: 1, color: 'bad' }] });
    expect(dashboard.panels.find((p) => p.title === 'Rollouts')!.targets[0]!.expr).toBe('sum(rollout_info{job="argo-rollouts-metrics"}) by (strategy)');
    // No two panels overlap on the 24-column grid.
    const cells = new Set<string>();
    for (const { grid } of dashboard.panels) {
      for (let x = grid.x; x < grid.x + grid.w; x += 1) {
        for (let y = grid.y; y < grid.y + grid.h; y += 1) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('names each panel kind it could not take', () => {
    expect(skipped).toContain("skipped 'heatmap' panel 'Reconciliation Performance': Lockstep has no heatmap panel yet");
    expect(skipped).toContain("table panel 'Phase' is a list of the newest value per series, largest first: Grafana's cell styles and sorting were not imported");
    expect(skipped).toContain("unit 'dtdurations' of panel 'Uptime (controller)' is not one Lockstep formats: its values show as plain numbers");
    expect(skipped.filter((s) => s.startsWith("skipped 'stat'"))).toHaveLength(0);
  });
});

describe('Grafana import: table and bar gauge', () => {
  it('reads a table as a toplist of the label columns its filterFieldsByName keeps, red step as bad, amber as warn', () => {
    const { dashboard } = importGrafanaDashboard(fixture('transitional-argo-rollouts'));
    const phase = dashboard.panels.find((p) => p.title === 'Phase')!;
    expect(phase.targets[0]!.expr).toBe('rollout_info{job="argo-rollouts-metrics",namespace="$rollout_namespace",name="$rollout_name"}');
    expect(phase.options).toEqual({ columns: ['phase'], valueTitle: 'Value', unit: 'none', limit: 100, order: 'desc', bad: 80 });
    const organized = importGrafanaDashboard({
      panels: [
        {
          type: 'table',
          title: 'Silent locks',
          gridPos: { x: 0, y: 0, w: 8, h: 8 },
          targets: [{ refId: 'A', expr: 'topk(5, time() - lock_last_seen_timestamp_seconds)' }],
          fieldConfig: { defaults: { unit: 's', thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'orange', value: 60 }, { color: 'red', value: 300 }] } } },
          transformations: [{ id: 'organize', options: { excludeByName: { Time: true, job: true }, indexByName: { Time: 0, lock_id: 2, city: 1, job: 3, Value: 4 } } }],
        },
      ],
    });
    expect(organized.dashboard.panels[0]).toMatchObject({ kind: 'toplist', options: { columns: ['city', 'lock_id'], unit: 'duration', warn: 60, bad: 300 } });
  });

  it('reads a bar gauge as a histogram of le buckets, or shares by its legend label; without a label it says why it skipped it', () => {
    const gauge = (targets: unknown[]) => importGrafanaDashboard({ panels: [{ type: 'bargauge', title: 'Mix', gridPos: { x: 0, y: 0, w: 8, h: 8 }, targets }] });
    expect(gauge([{ refId: 'A', expr: 'sum by (le) (battery_bucket)', format: 'heatmap', legendFormat: '{{le}}' }]).dashboard.panels[0]).toMatchObject({ kind: 'bars', options: { mode: 'histogram', label: 'le' } });
    const mix = gauge([{ refId: 'A', expr: 'sum by (firmware) (lock_devices)', legendFormat: 'fw {{ firmware }}' }]);
    expect(mix.dashboard.panels[0]).toMatchObject({ kind: 'bars', options: { mode: 'mix', label: 'firmware', maxBars: 8 } });
    expect(mix.skipped).toEqual(["bargauge panel 'Mix' shows each firmware's share of the total (Lockstep's bars), not gauges against a maximum"]);
    const unnamed = gauge([{ refId: 'A', expr: 'up' }]);
    expect(unnamed.dashboard.panels).toEqual([]);
    expect(unnamed.skipped).toEqual(["skipped 'bargauge' panel 'Mix': its legend names no label ({{label}}) to name the bars by"]);
  });
});

describe('Grafana import: odd input', () => {
  it('never throws: a non-object is an empty dashboard', () => {
    expect(importGrafanaDashboard(42).dashboard.panels).toEqual([]);
    expect(importGrafanaDashboard({ panels: [null, { type: 'graph', gridPos: { x: 30, y: 0, w: 40, h: 5 }, targets: [{ expr: 'up' }] }] }).dashboard.panels[0]!.grid).toEqual({ x: 23, y: 0, w: 1, h: 5 });
  });

  it('reads thresholds a time series draws, with below when the base colour is red', () => {
    const { dashboard } = importGrafanaDashboard({
      panels: [
        {
          type: 'timeseries',
          title: 'Success',
          gridPos: { x: 0, y: 0, w: 12, h: 8 },
          targets: [{ refId: 'A', expr: 'ok_ratio' }, { refId: 'B', expr: 'hidden', hide: true }],
          fieldConfig: { defaults: { unit: 'percentunit', custom: { thresholdsStyle: { mode: 'line' } }, thresholds: { mode: 'absolute', steps: [{ color: 'red', value: null }, { color: 'green', value: 0.9 }] } } },
        },
      ],
    });
    expect(dashboard.panels[0]).toMatchObject({ unit: 'percent', thresholds: { below: true, steps: [{ value: 0.9, color: 'green' }] }, targets: [{ refId: 'A', expr: 'ok_ratio' }] });
  });

  it('tells Grafana JSON from Lockstep’s and parses label_values queries', () => {
    expect(looksLikeGrafana(fixture('legacy-rows-loki-writes'))).toBe(true);
    expect(looksLikeGrafana({ schemaVersion: 2, id: 'x', panels: [{ id: 'a', kind: 'logs' }] })).toBe(false);
    expect(labelValuesQuery({ query: 'label_values(rollout_info{a="b"}, name)' })).toEqual({ label: 'name', match: 'rollout_info{a="b"}' });
    expect(labelValuesQuery('label_values(city)')).toEqual({ label: 'city' });
    expect(labelValuesQuery('query_result(up)')).toBeUndefined();
    expect(compactGrid([{ x: 0, y: 5, w: 24, h: 2 }, { x: 0, y: 5, w: 12, h: 2 }])).toEqual([{ x: 0, y: 0, w: 24, h: 2 }, { x: 0, y: 2, w: 12, h: 2 }]);
  });

  it('imports stat, singlestat and gauge panels as big numbers with their threshold colours', () => {
    const stat = importGrafanaDashboard({
      panels: [
        {
          type: 'stat',
          title: 'Payments',
          gridPos: { x: 0, y: 0, w: 6, h: 4 },
          targets: [{ expr: ':payment_success:ratio_rate1m', refId: 'A' }],
          options: { reduceOptions: { calcs: ['mean'] } },
          fieldConfig: { defaults: { unit: 'percentunit', thresholds: { mode: 'absolute', steps: [{ value: null, color: 'red' }, { value: 0.9, color: 'orange' }, { value: 0.97, color: 'green' }] } } },
        },
        { type: 'gauge', title: 'Errors', gridPos: { x: 6, y: 0, w: 6, h: 4 }, targets: [{ expr: 'sum(up)', refId: 'A' }], fieldConfig: { defaults: { unit: 'percent' } } },
        { type: 'stat', title: 'Odd', gridPos: { x: 12, y: 0, w: 6, h: 4 }, targets: [{ expr: 'x', refId: 'A' }], options: { reduceOptions: { calcs: ['diff'] } } },
      ],
    });
    const [payments, errors, odd] = stat.dashboard.panels;
    expect(payments).toMatchObject({ kind: 'stat', options: { unit: 'percent', reduce: 'mean', base: 'bad', thresholds: [{ value: 0.9, color: 'warn' }, { value: 0.97, color: 'ok' }] } });
    expect(errors).toMatchObject({ kind: 'stat', options: {} });
    expect(odd).toMatchObject({ kind: 'stat', options: {} });
    expect(stat.skipped).toEqual([
      "stat panel 'Errors' shows its values as plain numbers: the stat panel formats percent (0–1) and seconds only",
      "gauge panel 'Errors' shows as a big number with its threshold colour (Lockstep draws no dial)",
      "stat panel 'Odd' shows the newest value: Grafana's \"diff\" reduction has no equivalent",
    ]);
  });
});
