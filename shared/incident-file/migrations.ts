import { BUNDLE_FORMAT, BUNDLE_VERSION } from '../api/bundle';
import { migrateDashboard } from '../dashboards/migrations';

type Json = Record<string, unknown>;

/**
 * Bundle JSON of every earlier bundle model version, brought to the current one step by
 * step: index n takes version n + 1 to n + 2 (the same scheme as shared/dashboards/migrations.ts).
 * Whoever bumps BUNDLE_VERSION adds the step here and a test that the older file still opens.
 */
export const BUNDLE_MIGRATIONS: readonly ((doc: Json) => Json)[] = [];

export type MigrationResult = { ok: true; doc: Json } | { ok: false; problem: string };

/** Brings plain bundle JSON of `fromVersion` to the current model, its dashboard included; the schema validates the result. */
export function migrateBundleJson(raw: Json, fromVersion: number): MigrationResult {
  if (!Number.isInteger(fromVersion) || fromVersion < 1) return { ok: false, problem: `its bundle model version "${String(fromVersion)}" is not one Lockstep ever wrote` };
  if (fromVersion > BUNDLE_VERSION) {
    return { ok: false, problem: `it was written by a newer Lockstep (bundle model version ${fromVersion}; this version reads up to ${BUNDLE_VERSION}): update Lockstep to open it` };
  }
  let doc = raw;
  for (let version = fromVersion; version < BUNDLE_VERSION; version += 1) {
    const step = BUNDLE_MIGRATIONS[version - 1];
    if (!step) return { ok: false, problem: `this version of Lockstep has no way to read bundle model version ${version}` };
    doc = step(doc);
  }
  return { ok: true, doc: { ...doc, format: BUNDLE_FORMAT, version: BUNDLE_VERSION, dashboard: migrateDashboard(doc.dashboard) } };
}
