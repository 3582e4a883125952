import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Dashboard, DashboardSchema } from '../../shared';
import { importGrafanaDashboard, looksLikeGrafana } from '../../shared/dashboards/grafana-import';
import { describeError } from '../util/errors';

export interface FolderDashboard {
  dashboard: Dashboard;
  file: string;
}

export interface FolderContents {
  dashboards: FolderDashboard[];
  /** One sentence per file that could not be read (or was read only in part), naming the file. */
  problems: string[];
}

const MAX_FILES = 200;
const MAX_BYTES = 5_000_000;

/**
 * The dashboards in the config folder (`dashboardsDir`): each `*.json` file is a Lockstep
 * dashboard, or a Grafana one (imported, what it skipped listed as a problem). Read on
 * every listing, so a file dropped in shows without a restart; a bad file is named and
 * skipped, never fatal.
 */
export function readDashboardFolder(dir: string | undefined): FolderContents {
  if (!dir) return { dashboards: [], problems: [] };
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    return { dashboards: [], problems: [`The dashboards folder ${dir} (dashboardsDir in the config) could not be read: ${describeError(error)}.`] };
  }
  const problems: string[] = [];
  if (names.length > MAX_FILES) problems.push(`The dashboards folder ${dir} holds ${names.length} JSON files; only the first ${MAX_FILES} are read.`);
  const dashboards: FolderDashboard[] = [];
  for (const name of names.slice(0, MAX_FILES)) {
    const file = join(dir, name);
    const read = readOne(file);
    if ('problem' in read) problems.push(read.problem);
    else {
      if (read.skipped.length > 0) problems.push(`${file} is a Grafana dashboard; imported without: ${read.skipped.join('; ')}.`);
      if (dashboards.some((d) => d.dashboard.id === read.dashboard.id)) problems.push(`${file} has the id "${read.dashboard.id}" of another file in the folder, so it was skipped: give it its own "id".`);
      else dashboards.push({ dashboard: read.dashboard, file });
    }
  }
  return { dashboards, problems };
}

function readOne(file: string): { dashboard: Dashboard; skipped: string[] } | { problem: string } {
  let json: unknown;
  try {
    if (statSync(file).size > MAX_BYTES) return { problem: `${file} is larger than 5 MB, so it was not read as a dashboard.` };
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { problem: `${file} is not readable JSON (${describeError(error)}), so it was not loaded as a dashboard.` };
  }
  if (looksLikeGrafana(json)) return importGrafanaDashboard(json);
  const parsed = DashboardSchema.safeParse(json);
  if (parsed.success) return { dashboard: parsed.data, skipped: [] };
  const issue = parsed.error.issues[0];
  return { problem: `${file} is not a Lockstep dashboard: ${issue?.path.join('.') || 'the document'}: ${issue?.message ?? 'invalid'}.` };
}
