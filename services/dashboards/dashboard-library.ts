import { type Dashboard, type DashboardSummary, LockstepApiError } from '../../shared';
import { CURRENT_DASHBOARD_VERSION } from '../../shared/dashboards/migrations';
import { importGrafanaDashboard, looksLikeGrafana } from '../../shared/dashboards/grafana-import';
import { DashboardSchema } from '../../shared/model/dashboard';
import { readDashboardFolder } from './config-folder';
import type { SavedDashboards } from './saved-dashboards';

interface Entry {
  dashboard: Dashboard;
  summary: DashboardSummary;
}

const summaryOf = (dashboard: Dashboard, origin: DashboardSummary['origin'], extra: Partial<DashboardSummary> = {}): DashboardSummary => ({
  id: dashboard.id,
  title: dashboard.title,
  origin,
  panels: dashboard.panels.length,
  ...extra,
});

/**
 * Every dashboard a person can open: the built-in ones, the config folder's (re-read on each
 * listing), and theirs saved in the settings store, a saved one replacing a built-in or
 * config one of the same id for that person only.
 */
export class DashboardLibrary {
  constructor(
    private readonly deps: {
      builtIn: readonly Dashboard[];
      dir: string | undefined;
      saved: SavedDashboards;
      now: () => number;
    },
  ) {}

  list(user: string): { dashboards: DashboardSummary[]; problems: string[] } {
    const { entries, problems } = this.entries(user);
    return { dashboards: entries.map((e) => e.summary), problems };
  }

  get(user: string, id: string): Entry {
    const entry = this.entries(user).entries.find((e) => e.dashboard.id === id);
    if (!entry) throw new LockstepApiError('not_found', `There is no dashboard "${id}": it may have been deleted or its file removed from the dashboards folder.`);
    return entry;
  }

  save(user: string, dashboard: Dashboard): Entry {
    const ids = new Set<string>();
    for (const panel of dashboard.panels) {
      if (ids.has(panel.id)) throw new LockstepApiError('bad_request', `Dashboard "${dashboard.title}" has two panels with the id "${panel.id}"; each panel needs its own id.`);
      ids.add(panel.id);
    }
    const base = this.shared().find((e) => e.dashboard.id === dashboard.id);
    const saved = this.deps.saved.save(user, dashboard, this.deps.now());
    return { dashboard, summary: summaryOf(dashboard, 'saved', { savedAt: saved.savedAt, ...(base ? { overrides: base.summary.origin as 'built-in' | 'config' } : {}) }) };
  }

  delete(user: string, id: string): boolean {
    if (this.deps.saved.get(user, id)) return this.deps.saved.delete(user, id);
    const shared = this.shared().find((e) => e.dashboard.id === id);
    if (shared?.summary.origin === 'built-in') throw new LockstepApiError('bad_request', `"${shared.dashboard.title}" is built into Lockstep and cannot be deleted; duplicate it to make your own.`);
    if (shared) throw new LockstepApiError('bad_request', `"${shared.dashboard.title}" comes from the dashboards folder; remove its file there to delete it.`);
    return false;
  }

  duplicate(user: string, id: string): Entry {
    const { dashboard } = this.get(user, id);
    const taken = new Set(this.entries(user).entries.map((e) => e.dashboard.id));
    let copyId = `${dashboard.id}-copy`;
    for (let n = 2; taken.has(copyId) && n < 10_000; n++) copyId = `${dashboard.id}-copy-${n}`;
    return this.save(user, { ...dashboard, id: copyId, title: `${dashboard.title} (copy)` });
  }

  export(user: string, id: string): { fileName: string; text: string } {
    const { dashboard } = this.get(user, id);
    const fileName = `${dashboard.id.replace(/[^A-Za-z0-9._-]+/g, '-')}.lockstep-dashboard.json`;
    return { fileName, text: `${JSON.stringify(dashboard, null, 2)}\n` };
  }

  private shared(): Entry[] {
    const builtIn = this.deps.builtIn.map((d) => ({ dashboard: d, summary: summaryOf(d, 'built-in') }));
    const folder = readDashboardFolder(this.deps.dir).dashboards.filter((f) => !builtIn.some((b) => b.dashboard.id === f.dashboard.id));
    return [...builtIn, ...folder.map((f) => ({ dashboard: f.dashboard, summary: summaryOf(f.dashboard, 'config') }))];
  }

  private entries(user: string): { entries: Entry[]; problems: string[] } {
    const folder = readDashboardFolder(this.deps.dir);
    const builtIn = this.deps.builtIn.map((d) => ({ dashboard: d, summary: summaryOf(d, 'built-in') }));
    const problems = [...folder.problems];
    const fromFolder: Entry[] = [];
    for (const f of folder.dashboards) {
      if (builtIn.some((b) => b.dashboard.id === f.dashboard.id)) problems.push(`${f.file} has the id "${f.dashboard.id}" of a built-in dashboard, so it was skipped: give it its own "id".`);
      else fromFolder.push({ dashboard: f.dashboard, summary: summaryOf(f.dashboard, 'config') });
    }
    const shared = [...builtIn, ...fromFolder];
    const saved = this.deps.saved.list(user);
    const entries = shared.map((e) => {
      const mine = saved.find((s) => s.dashboard.id === e.dashboard.id);
      return mine ? { dashboard: mine.dashboard, summary: summaryOf(mine.dashboard, 'saved', { savedAt: mine.savedAt, overrides: e.summary.origin as 'built-in' | 'config' }) } : e;
    });
    for (const s of saved) {
      if (!shared.some((e) => e.dashboard.id === s.dashboard.id)) entries.push({ dashboard: s.dashboard, summary: summaryOf(s.dashboard, 'saved', { savedAt: s.savedAt }) });
    }
    return { entries, problems };
  }
}

/** Dashboard JSON pasted or opened by a person: Lockstep's own (any version) or Grafana's. Saves nothing. */
export function importDashboardText(text: string): { dashboard: Dashboard; format: 'lockstep' | 'grafana'; skipped: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LockstepApiError('bad_request', `The dashboard is not valid JSON (${error instanceof Error ? error.message : String(error)}); paste the whole file, from its first { to its last }.`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new LockstepApiError('bad_request', 'The dashboard JSON must be an object ({ … }), as Lockstep and Grafana export it.');
  // Grafana's "export for sharing externally" wraps nothing, but its HTTP API answers { dashboard, meta }.
  const doc = 'dashboard' in json && 'meta' in json ? (json as { dashboard: unknown }).dashboard : json;
  if (looksLikeGrafana(doc)) return { ...importGrafanaDashboard(doc), format: 'grafana' };
  const parsed = DashboardSchema.safeParse(doc);
  if (parsed.success) return { dashboard: parsed.data, format: 'lockstep', skipped: [] };
  const issue = parsed.error.issues[0];
  throw new LockstepApiError(
    'bad_request',
    `This is neither a Grafana dashboard nor a Lockstep one (schemaVersion up to ${CURRENT_DASHBOARD_VERSION}): ${issue?.path.join('.') || 'the document'}: ${issue?.message ?? 'invalid'}.`,
  );
}
