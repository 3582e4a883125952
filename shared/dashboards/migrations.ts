/**
 * Dashboard JSON from every earlier version of Lockstep, brought to the current one step
 * by step: each entry takes a document of version n and returns version n + 1. They work
 * on plain JSON (the schema in shared/model/dashboard.ts validates the result), so a
 * dashboard file or an incident bundle written by an older build still opens.
 */
export const CURRENT_DASHBOARD_VERSION = 2;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * v1 (no schemaVersion) kept a time series' unit and single threshold in `options`; v2 makes
 * unit and thresholds fields of every panel (as Grafana's fieldConfig.defaults does), and adds
 * the time zone, template variables and links.
 */
function v1ToV2(doc: Json): Json {
  const panels = Array.isArray(doc.panels) ? doc.panels : [];
  return {
    ...doc,
    schemaVersion: 2,
    timezone: doc.timezone ?? 'local',
    variables: doc.variables ?? [],
    links: doc.links ?? [],
    panels: panels.map((panel) => {
      if (!isObject(panel) || !isObject(panel.options)) return panel;
      const { unit, threshold, ...options } = panel.options;
      const moved: Json = { ...panel, options };
      if (typeof unit === 'string') moved.unit = unit;
      if (isObject(threshold) && typeof threshold.value === 'number') {
        moved.thresholds = { below: threshold.below === true, steps: [{ value: threshold.value, color: 'red' }] };
      }
      return moved;
    }),
  };
}

/** Index n holds the step from version n + 1 to n + 2. */
export const MIGRATIONS: readonly ((doc: Json) => Json)[] = [v1ToV2];

/** The version a document says it is; a document without one is version 1. */
export function versionOf(doc: Json): number {
  return typeof doc.schemaVersion === 'number' && Number.isInteger(doc.schemaVersion) ? doc.schemaVersion : 1;
}

/**
 * Runs the migrations a document needs. Anything that is not an object, or is of a version
 * newer than this build's, is returned as is for the schema to reject in words.
 */
export function migrateDashboard(raw: unknown): unknown {
  if (!isObject(raw)) return raw;
  let doc = raw;
  for (let version = versionOf(doc); version < CURRENT_DASHBOARD_VERSION; version++) {
    const step = MIGRATIONS[version - 1];
    if (!step) break;
    doc = step(doc);
  }
  return doc;
}
