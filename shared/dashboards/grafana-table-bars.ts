import { z } from 'zod';
import type { Panel } from '../model/dashboard';

/*
 * Grafana's `table` and `bargauge` panels read as Lockstep's `toplist` and `bars` kinds
 * (shared/dashboards/kinds/). Only what those kinds can show is taken; the rest is said.
 */

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Fields a Grafana table has besides labels: the sample's time and value. */
const NOT_LABELS = new Set(['Time', 'Value', '__name__']);

const TransformationsSchema = z
  .array(z.looseObject({ id: z.string().catch(''), options: z.unknown() }))
  .catch([]);
const IncludeSchema = z.object({ include: z.object({ names: z.array(z.string()) }) });
const OrganizeSchema = z.object({ excludeByName: z.record(z.string(), z.boolean()).optional(), indexByName: z.record(z.string(), z.number()).optional() });

/** The label columns a Grafana table keeps: its filterFieldsByName list, else the labels its organize step orders and does not exclude. */
function tableColumns(transformations: unknown): string[] {
  for (const t of TransformationsSchema.parse(transformations ?? [])) {
    if (t.id === 'filterFieldsByName') {
      const parsed = IncludeSchema.safeParse(t.options);
      if (parsed.success) return parsed.data.include.names.filter((n) => LABEL_NAME.test(n) && !NOT_LABELS.has(n));
    }
    if (t.id === 'organize') {
      const parsed = OrganizeSchema.safeParse(t.options);
      if (parsed.success && parsed.data.indexByName) {
        const excluded = parsed.data.excludeByName ?? {};
        return Object.entries(parsed.data.indexByName)
          .sort((a, b) => a[1] - b[1])
          .map(([n]) => n)
          .filter((n) => LABEL_NAME.test(n) && !NOT_LABELS.has(n) && !excluded[n]);
      }
    }
  }
  return [];
}

const RED = /red|#(d44a3a|f2495c|e02f44|c4162a|ff0000)/i;
const AMBER = /orange|yellow|#(ff9830|fade2a|f2cc0c|ff780a)/i;

/** Grafana's absolute steps over a green base as the list's warn (amber) and bad (red) lines. */
function warnBad(thresholds: unknown): { warn?: number; bad?: number } {
  const parsed = z.object({ mode: z.string().optional(), steps: z.array(z.object({ value: z.number().nullable().optional(), color: z.string().catch('') })) }).safeParse(thresholds);
  if (!parsed.success || parsed.data.mode === 'percentage') return {};
  const base = parsed.data.steps.find((s) => s.value === null || s.value === undefined);
  if (base && RED.test(base.color)) return {};
  const bad = parsed.data.steps.find((s) => typeof s.value === 'number' && RED.test(s.color))?.value ?? undefined;
  const warn = parsed.data.steps.find((s) => typeof s.value === 'number' && AMBER.test(s.color))?.value ?? undefined;
  return { ...(typeof warn === 'number' ? { warn } : {}), ...(typeof bad === 'number' ? { bad } : {}) };
}

/** A Grafana table as a toplist: its kept label columns, largest value first, up to 100 rows. */
export function toplistFromTable(panel: { transformations?: unknown; fieldConfig?: { defaults?: Record<string, unknown> } | undefined }, unit: Panel['unit'], skipped: string[], name: string): Record<string, unknown> {
  const columns = tableColumns(panel.transformations);
  skipped.push(`table panel ${name} is a list of the newest value per series, largest first${columns.length ? '' : ', each series named by its labels'}: Grafana's cell styles and sorting were not imported`);
  // Seconds in a table are how long something has lasted: "14 min" reads better than "840.0 s".
  const listUnit = unit === 'seconds' ? 'duration' : (unit ?? 'none');
  return { columns, valueTitle: 'Value', unit: listUnit, limit: 100, order: 'desc', ...warnBad(panel.fieldConfig?.defaults?.thresholds) };
}

/** The first `{{label}}` of a legend template: what a bar gauge names its bars by. */
function legendLabel(targets: Panel['targets']): string | undefined {
  for (const t of targets) {
    const m = t.legend?.match(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * A Grafana bar gauge as bars: a histogram when it reads `le` buckets (format heatmap, or a
 * `_bucket` series), else each series' share named by its legend's first label. Undefined,
 * with the reason, when the bars would have no names.
 */
export function barsFromBarGauge(panel: { targets: readonly unknown[] }, targets: Panel['targets'], skipped: string[], name: string): Record<string, unknown> | undefined {
  const heatmapFormat = panel.targets.some((t) => z.object({ format: z.literal('heatmap') }).safeParse(t).success);
  if (heatmapFormat || targets.some((t) => /_bucket\b/.test(t.expr) || t.legend?.includes('{{le}}'))) return { mode: 'histogram', label: 'le', unit: 'none' };
  const label = legendLabel(targets);
  if (!label) {
    skipped.push(`skipped 'bargauge' panel ${name}: its legend names no label ({{label}}) to name the bars by`);
    return undefined;
  }
  skipped.push(`bargauge panel ${name} shows each ${label}'s share of the total (Lockstep's bars), not gauges against a maximum`);
  return { mode: 'mix', label, maxBars: 8 };
}
