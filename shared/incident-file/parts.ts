import type { IncidentBundle } from '../api/bundle';

/**
 * How the bundle is split into parts, so a damaged byte is reported by the part it is in.
 * Fields the bundle gains later and that are not listed here travel in the part "more".
 * The header fields (format, version, exportedAt, exportedBy, window) live in the manifest.
 */
export const PART_FIELDS: Readonly<Record<string, readonly string[]>> = {
  incident: ['incident', 'timeline'],
  alerts: ['alerts'],
  deployments: ['deployments'],
  dashboards: ['dashboard', 'panelData'],
  logs: ['logs'],
  traces: ['traces'],
};
export const EXTRA_PART = 'more';
export const HEADER_FIELDS = ['format', 'version', 'exportedAt', 'exportedBy', 'window'] as const;

const partOf = new Map(Object.entries(PART_FIELDS).flatMap(([part, fields]) => fields.map((f) => [f, part] as const)));

/** The bundle's fields grouped by part name (a part with no field present is left out). */
export function splitBundle(bundle: IncidentBundle): Record<string, Record<string, unknown>> {
  const parts: Record<string, Record<string, unknown>> = {};
  const header = new Set<string>(HEADER_FIELDS);
  for (const [field, value] of Object.entries(bundle)) {
    if (header.has(field) || value === undefined) continue;
    const part = partOf.get(field) ?? EXTRA_PART;
    (parts[part] ??= {})[field] = value;
  }
  return parts;
}
