import { z } from 'zod';
import { CURRENT_DASHBOARD_VERSION } from './migrations';
import { type Dashboard, DashboardV2Schema, type GridPos, type Panel, type Thresholds, type Unit, type Variable } from '../model/dashboard';
import { compactGrid, legacyRowsToGrid } from './grafana-layout';
import { statFromGrafana } from './grafana-stat';
import { barsFromBarGauge, toplistFromTable } from './grafana-table-bars';
import { panelKind } from './panel-kinds';

/*
 * Grafana dashboard JSON read loosely: every schema version from the rows era (14) to today
 * spells some of these differently, and a field this import does not use must not make it
 * fail. Only what Lockstep can draw is taken; everything else is listed in words.
 */
const Loose = z.record(z.string(), z.unknown());
const GrafanaTargetSchema = z.looseObject({
  refId: z.string().optional().catch(undefined),
  expr: z.string().optional().catch(undefined),
  legendFormat: z.string().optional().catch(undefined),
  hide: z.boolean().optional().catch(undefined),
});
const GrafanaPanelSchema = z.looseObject({
  type: z.string().catch('unknown'),
  title: z.string().catch(''),
  id: z.union([z.number(), z.string()]).optional().catch(undefined),
  gridPos: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }).optional().catch(undefined),
  span: z.number().optional().catch(undefined),
  height: z.unknown().optional(),
  targets: z.array(z.unknown()).catch([]),
  fieldConfig: z.looseObject({ defaults: Loose.optional().catch(undefined) }).optional().catch(undefined),
  yaxes: z.array(z.looseObject({ format: z.string().optional().catch(undefined), min: z.unknown(), max: z.unknown() })).optional().catch(undefined),
  format: z.string().optional().catch(undefined),
  panels: z.array(z.unknown()).optional().catch(undefined),
  options: Loose.optional().catch(undefined),
});
type GrafanaPanel = z.infer<typeof GrafanaPanelSchema>;

const GrafanaDashboardSchema = z.looseObject({
  uid: z.string().optional().catch(undefined),
  title: z.string().catch('Imported dashboard'),
  schemaVersion: z.number().optional().catch(undefined),
  panels: z.array(z.unknown()).optional().catch(undefined),
  rows: z.array(z.looseObject({ title: z.string().optional().catch(undefined), height: z.unknown(), panels: z.array(z.unknown()).catch([]) })).optional().catch(undefined),
  templating: z.looseObject({ list: z.array(z.unknown()).catch([]) }).optional().catch(undefined),
  time: z.looseObject({ from: z.string().optional().catch(undefined), to: z.string().optional().catch(undefined) }).optional().catch(undefined),
  refresh: z.union([z.string(), z.boolean()]).optional().catch(undefined),
  timezone: z.string().optional().catch(undefined),
  links: z.array(z.unknown()).optional().catch(undefined),
});

export interface GrafanaImport {
  dashboard: Dashboard;
  /** One sentence per thing not imported or imported differently, for the person importing. */
  skipped: string[];
}

/** Whether a JSON document is Grafana's rather than Lockstep's own. */
export function looksLikeGrafana(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const doc = json as Record<string, unknown>;
  if (typeof doc.schemaVersion === 'number' && doc.schemaVersion > CURRENT_DASHBOARD_VERSION + 8) return true;
  return 'rows' in doc || 'templating' in doc || (Array.isArray(doc.panels) && doc.panels.some((p) => typeof p === 'object' && p !== null && ('gridPos' in p || 'type' in p)));
}

/** Grafana panel type → Lockstep kind; anything else is skipped with its reason. */
const KIND_OF: Record<string, string> = {
  timeseries: 'timeseries',
  graph: 'timeseries',
  logs: 'logs',
  table: 'toplist',
  bargauge: 'bars',
  stat: 'stat',
  singlestat: 'stat',
  gauge: 'stat',
};

const UNIT_OF: Record<string, Unit> = {
  percentunit: 'percent',
  percent: 'percent100',
  s: 'seconds',
  ms: 'milliseconds',
  bytes: 'bytes',
  decbytes: 'bytes',
  short: 'none',
  none: 'none',
};

const quoted = (s: string) => `'${s}'`;

function unitOf(panel: GrafanaPanel, skipped: string[], name: string): Unit | undefined {
  const raw = (panel.fieldConfig?.defaults?.unit as unknown) ?? panel.yaxes?.[0]?.format ?? panel.format;
  if (typeof raw !== 'string' || raw === '') return undefined;
  const unit = UNIT_OF[raw];
  if (unit) return unit === 'none' ? undefined : unit;
  skipped.push(`unit ${quoted(raw)} of panel ${name} is not one Lockstep formats: its values show as plain numbers`);
  return undefined;
}

const RED = /red|#(d44a3a|f2495c|e02f44|c4162a|ff0000)/i;

/**
 * Grafana's absolute thresholds: a base step (value null) and colours from each value up.
 * Lockstep marks where good turns bad: the steps with values, and `below` when the base
 * colour is the red one (values under the first step are the bad ones). A time series only
 * draws them when Grafana did (thresholdsStyle not off).
 */
function thresholdsOf(panel: GrafanaPanel, kind: string): Thresholds | undefined {
  const defaults = panel.fieldConfig?.defaults;
  const parsed = z
    .object({ mode: z.string().optional(), steps: z.array(z.object({ value: z.number().nullable().optional(), color: z.string().catch('red') })) })
    .safeParse(defaults?.thresholds);
  if (!parsed.success) return undefined;
  const style = z.object({ thresholdsStyle: z.object({ mode: z.string() }).optional() }).safeParse(defaults?.custom);
  if (kind === 'timeseries' && (!style.success || !style.data.thresholdsStyle || style.data.thresholdsStyle.mode === 'off')) return undefined;
  if (parsed.data.mode === 'percentage') return undefined;
  const steps = parsed.data.steps.filter((s): s is { value: number; color: string } => typeof s.value === 'number').map((s) => ({ value: s.value, color: s.color }));
  if (steps.length === 0) return undefined;
  const base = parsed.data.steps.find((s) => s.value === null || s.value === undefined);
  return { below: base !== undefined && RED.test(base.color) && !RED.test(steps[steps.length - 1]!.color), steps };
}

function targetsOf(panel: GrafanaPanel, skipped: string[], name: string): Panel['targets'] {
  const targets: Panel['targets'] = [];
  for (const raw of panel.targets) {
    const t = GrafanaTargetSchema.safeParse(raw);
    if (!t.success || !t.data.expr?.trim()) continue;
    const refId = t.data.refId || String.fromCharCode(65 + targets.length);
    if (t.data.hide) {
      skipped.push(`query ${refId} of panel ${name} is hidden in Grafana, so it was not imported`);
      continue;
    }
    targets.push({ refId, expr: t.data.expr, ...(t.data.legendFormat ? { legend: t.data.legendFormat } : {}) });
  }
  return targets.slice(0, 26);
}

function toPanel(panel: GrafanaPanel, grid: GridPos, index: number, skipped: string[]): Panel | undefined {
  const name = quoted(panel.title || `#${index + 1}`);
  const kind = KIND_OF[panel.type];
  if (!kind || !panelKind(kind)) {
    skipped.push(`skipped ${quoted(panel.type)} panel ${name}: Lockstep has no ${panel.type} panel yet`);
    return undefined;
  }
  const targets = targetsOf(panel, skipped, name);
  const id = `${kind}-${panel.id ?? index + 1}`;
  const position = { x: clamp(grid.x, 0, 23), y: clamp(grid.y, 0, 10_000), w: 0, h: clamp(grid.h, 1, 200) };
  position.w = clamp(grid.w, 1, 24 - position.x);
  if (kind === 'logs') {
    if (targets.length === 0) {
      skipped.push(`skipped logs panel ${name}: it has no LogQL query`);
      return undefined;
    }
    if (targets.length > 1) skipped.push(`logs panel ${name} shows its first query only (Lockstep's logs panel reads one)`);
    return { id, kind, title: panel.title, grid: position, targets: [], options: { query: targets[0]!.expr, limit: 200 } };
  }
  if (targets.length === 0) {
    skipped.push(`skipped ${panel.type} panel ${name}: it has no PromQL query`);
    return undefined;
  }
  const unit = unitOf(panel, skipped, name);
  if (kind === 'toplist') return { id, kind, title: panel.title, grid: position, targets, options: toplistFromTable(panel, unit, skipped, name) };
  if (kind === 'stat') return { id, kind, title: panel.title, grid: position, targets, options: statFromGrafana(panel, unit, skipped, name) };
  if (kind === 'bars') {
    const options = barsFromBarGauge(panel, targets, skipped, name);
    return options ? { id, kind, title: panel.title, grid: position, targets, options } : undefined;
  }
  const thresholds = thresholdsOf(panel, kind);
  const min = panel.fieldConfig?.defaults?.min ?? panel.yaxes?.[0]?.min;
  const max = panel.fieldConfig?.defaults?.max ?? panel.yaxes?.[0]?.max;
  const options: Record<string, unknown> = {};
  if (typeof min === 'number') options.min = min;
  if (typeof max === 'number') options.max = max;
  return { id, kind, title: panel.title, grid: position, targets, options, ...(unit ? { unit } : {}), ...(thresholds ? { thresholds } : {}) };
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n)));

/** Every panel with where it goes: rows flattened (a collapsed row's panels too), legacy rows laid out on the grid. */
function panelsWithGrid(doc: z.infer<typeof GrafanaDashboardSchema>, skipped: string[]): { panel: GrafanaPanel; grid: GridPos }[] {
  const out: { panel: GrafanaPanel; grid: GridPos }[] = [];
  if (doc.rows) {
    const rows = doc.rows.map((row) => ({ height: row.height, panels: row.panels.map((p) => GrafanaPanelSchema.parse(p ?? {})) }));
    const grids = legacyRowsToGrid(rows);
    rows.forEach((row, r) => row.panels.forEach((panel, i) => out.push({ panel, grid: grids[r]![i]! })));
    if (rows.some((_, r) => doc.rows![r]!.title)) skipped.push(`rows (${doc.rows.map((r) => quoted(r.title ?? '')).join(', ')}) were flattened: Lockstep has no collapsible rows`);
    return out;
  }
  const rowTitles: string[] = [];
  const visit = (raw: unknown) => {
    const panel = GrafanaPanelSchema.parse(raw ?? {});
    if (panel.type === 'row') {
      rowTitles.push(quoted(panel.title));
      (panel.panels ?? []).forEach(visit);
      return;
    }
    const grid = panel.gridPos ?? { x: 0, y: out.reduce((bottom, p) => Math.max(bottom, p.grid.y + p.grid.h), 0), w: 12, h: 8 };
    out.push({ panel, grid });
  };
  (doc.panels ?? []).forEach(visit);
  if (rowTitles.length > 0) skipped.push(`rows (${rowTitles.join(', ')}) were flattened: Lockstep has no collapsible rows`);
  return out;
}

/** Grafana's `label_values(metric{…}, label)` (in any of its query shapes) → label and series selector. */
export function labelValuesQuery(query: unknown): { label: string; match?: string } | undefined {
  const text = typeof query === 'string' ? query : typeof query === 'object' && query !== null && typeof (query as { query?: unknown }).query === 'string' ? (query as { query: string }).query : undefined;
  const m = text?.trim().match(/^label_values\(\s*(?:(.+?)\s*,\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)$/s);
  if (!m) return undefined;
  return { label: m[2]!, ...(m[1] ? { match: m[1] } : {}) };
}

const GrafanaVariableSchema = z.looseObject({
  name: z.string().catch(''),
  label: z.string().nullable().optional().catch(undefined),
  type: z.string().catch(''),
  query: z.unknown(),
  includeAll: z.boolean().optional().catch(undefined),
  multi: z.boolean().optional().catch(undefined),
  allValue: z.string().nullable().optional().catch(undefined),
  options: z.array(z.looseObject({ value: z.unknown() })).optional().catch(undefined),
  current: z.looseObject({ value: z.unknown() }).optional().catch(undefined),
});

function variablesOf(list: readonly unknown[], skipped: string[]): Variable[] {
  const variables: Variable[] = [];
  for (const raw of list) {
    const v = GrafanaVariableSchema.safeParse(raw);
    if (!v.success || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.data.name)) continue;
    const { name, type } = v.data;
    const current = ((value: unknown) => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]))(v.data.current?.value).filter((x): x is string => typeof x === 'string');
    const base = {
      name,
      ...(v.data.label ? { label: v.data.label } : {}),
      includeAll: v.data.includeAll ?? false,
      multi: v.data.multi ?? false,
      ...(typeof v.data.allValue === 'string' && v.data.allValue !== '' ? { allValue: v.data.allValue } : {}),
      current,
    };
    if (type === 'query') {
      const query = labelValuesQuery(v.data.query);
      if (!query) {
        skipped.push(`variable $${name}: its query is not label_values(…), the only kind Lockstep fills, so it was not imported`);
        continue;
      }
      variables.push({ ...base, type: 'query', query, options: [] });
    } else if (type === 'custom') {
      const options = typeof v.data.query === 'string' ? v.data.query.split(',').map((s) => s.trim()).filter(Boolean) : [];
      variables.push({ ...base, type: 'custom', options });
    } else if (type === 'textbox' || type === 'constant') {
      const text = typeof v.data.query === 'string' ? v.data.query : '';
      variables.push({ ...base, type: 'textbox', options: [], current: current.length > 0 ? current : [text] });
    } else if (type === 'datasource') {
      skipped.push(`variable $${name} (a data-source picker) was not imported: panels read Lockstep's configured sources`);
    } else {
      skipped.push(`variable $${name} of type ${quoted(type)} was not imported: Lockstep has query, custom and textbox variables`);
    }
  }
  return variables;
}

/** Grafana's "now-6h" → seconds; undefined for an absolute or unreadable range. */
export function relativeSeconds(from: string | undefined): number | undefined {
  const m = from?.match(/^now-(\d+)([smhdwy])$/);
  if (!m) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 }[m[2] as 's' | 'm' | 'h' | 'd' | 'w' | 'y'];
  return Number(m[1]) * unit;
}

function refreshSeconds(refresh: string | boolean | undefined): number {
  const s = typeof refresh === 'string' ? relativeSeconds(`now-${refresh}`) : undefined;
  return Math.max(1, s ?? 30);
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'dashboard';
}

/**
 * A Grafana dashboard (schemaVersion 14 rows, 16–27 transitional, 30+ modern) as a Lockstep
 * dashboard of the panel kinds Lockstep has, and what was left out. Never throws on
 * malformed input: what cannot be read is skipped and said.
 */
export function importGrafanaDashboard(json: unknown): GrafanaImport {
  const skipped: string[] = [];
  const doc = GrafanaDashboardSchema.parse(typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {});
  const placed = panelsWithGrid(doc, skipped);
  const panels: Panel[] = [];
  placed.forEach(({ panel, grid }, i) => {
    const made = toPanel(panel, grid, i, skipped);
    if (!made) return;
    // Grafana ids may repeat across rows of old dashboards; Lockstep's must not.
    let id = made.id;
    for (let n = 2; panels.some((p) => p.id === id); n++) id = `${made.id}-${n}`;
    panels.push({ ...made, id });
  });
  const grids = compactGrid(panels.map((p) => p.grid));
  panels.forEach((p, i) => (p.grid = grids[i]!));
  const range = relativeSeconds(doc.time?.from);
  if (doc.time?.from && range === undefined) skipped.push(`the time range ${quoted(`${doc.time.from} to ${doc.time.to ?? 'now'}`)} is not relative to now: the last hour is shown instead`);
  const links = (doc.links ?? []).flatMap((raw) => {
    const link = z.object({ title: z.string().min(1), url: z.string().regex(/^https?:\/\//i), type: z.string().optional() }).safeParse(raw);
    if (link.success) return [{ title: link.data.title, url: link.data.url }];
    const title = z.object({ title: z.string() }).safeParse(raw);
    skipped.push(`link ${quoted(title.success ? title.data.title : '?')} was not imported: Lockstep keeps web links only`);
    return [];
  });
  const dashboard = DashboardV2Schema.parse({
    schemaVersion: CURRENT_DASHBOARD_VERSION,
    id: doc.uid ? `grafana-${slug(doc.uid)}` : `grafana-${slug(doc.title)}`,
    title: doc.title,
    rangeSeconds: range ?? 3600,
    refreshSeconds: refreshSeconds(doc.refresh),
    timezone: doc.timezone === 'utc' ? 'utc' : 'local',
    variables: variablesOf(doc.templating?.list ?? [], skipped),
    links,
    panels,
  });
  return { dashboard, skipped };
}
