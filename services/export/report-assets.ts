import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LockstepApiError } from '../../shared/api/contract';
import type { HtmlReportStatus } from '../../shared/api/export-request';
import { describeError, errorMessage } from '../util/errors';
import { loadReportAssets, type ReportAssets } from './html-report';

/** Said in the export panel, and as the export's error, when the host has no built report page. */
export const REPORT_NOT_BUILT = 'The HTML report needs `npm run build` first: this Lockstep host has no built report page, so only the .lockstep file can be saved.';

/**
 * The report page's built script and style (vite.report.config.ts), as the host that
 * assembles HTML reports finds them in `dir` (`.vite/renderer/report` beside the console's
 * own build). Read when first asked and again only when the build changed, so a
 * `npm run build` while the host runs is picked up without a restart.
 */
export class ReportAssetSource {
  private cached: { builtAt: number; assets: ReportAssets } | undefined;

  constructor(private readonly dir: string | undefined) {}

  async status(): Promise<HtmlReportStatus> {
    try {
      await this.load();
      return { available: true };
    } catch (error) {
      return { available: false, problem: errorMessage(error) };
    }
  }

  /** The assets, or a LockstepApiError whose message is the one sentence to show. */
  async load(): Promise<ReportAssets> {
    const builtAt = await this.builtAt();
    if (builtAt === undefined) throw new LockstepApiError('unavailable', REPORT_NOT_BUILT);
    if (this.cached?.builtAt === builtAt) return this.cached.assets;
    try {
      const assets = await loadReportAssets(this.dir!);
      this.cached = { builtAt, assets };
      return assets;
    } catch (error) {
      throw new LockstepApiError('unavailable', `The HTML report's built page could not be read (${describeError(error)}); run \`npm run build\` again.`);
    }
  }

  private async builtAt(): Promise<number | undefined> {
    if (!this.dir) return undefined;
    try {
      return (await stat(join(this.dir, 'index.html'))).mtimeMs;
    } catch {
      return undefined;
    }
  }
}
