import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_BUILD_DIR } from '../../services/export/html-report';
import { newestMtime, viteBuild } from './renderer-build';

/** Builds the HTML report's page (vite.report.config.ts) only when its sources are newer than the last build. */
export function ensureReportBuilt(root: string, log: (line: string) => void): string {
  const out = join(root, REPORT_BUILD_DIR);
  const index = join(out, 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newest = Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'shared')), statSync(join(root, 'vite.report.config.ts')).mtimeMs);
  if (builtAt >= newest) return out;
  log('Building the HTML report page…');
  if (!viteBuild(root, 'vite.report.config.ts')) throw new Error('building the HTML report page failed (see above)');
  return out;
}
