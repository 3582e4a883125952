import { type Dashboard, LockstepApiError, type ParsedRequestOf, type ResponseOf } from '../../shared';
import { errorMessage } from '../util/errors';
import type { ClientSession } from '../core/client';
import type { ServiceContext } from '../core/service-context';
import { exportIncident } from './export-incident';
import { progressTo, startExport } from './export-progress';
import { sealExport } from './seal-export';
import { buildHtmlReport, htmlReportName } from './html-report';
import { ReportAssetSource } from './report-assets';

/** A host given no report build (tests, or a caller that never built it) can still export the .lockstep file. */
const NO_REPORT_BUILD = new ReportAssetSource(undefined);

/**
 * The exportIncident request: finds the dashboard on screen, reports progress to the asking
 * console only, and can be cancelled from it (cancelExport with the same export id).
 */
export async function handleExportIncident(request: ParsedRequestOf<'exportIncident'>, client: ClientSession, ctx: ServiceContext): Promise<ResponseOf<'exportIncident'>> {
  if (!ctx.incidents.snapshot().incidents.some((i) => i.id === request.incidentId)) {
    throw new LockstepApiError('not_found', `There is no incident "${request.incidentId}".`);
  }
  // Asked for the HTML report: refused before collecting anything when its page is not built.
  const reportAssets = request.format === 'html' ? await (ctx.reportAssets ?? NO_REPORT_BUILD).load() : undefined;
  const { dashboard: onScreen, warning } = dashboardOnScreen(request, ctx);
  const progress = progressTo(client, request.exportId);
  const run = startExport(client, request.exportId);
  try {
    const result = await exportIncident(request.incidentId, request.exportedBy, ctx, {
      ...(onScreen ? { onScreen: { dashboard: onScreen, ...(request.variables ? { variables: request.variables } : {}) } } : {}),
      ...(request.widthPx ? { widthPx: request.widthPx } : {}),
      ...(warning ? { warnings: [warning] } : {}),
      signal: run.signal,
      progress,
    });
    progress('sealing', 0, 1);
    // Sealed and signed (shared/incident-file/): the size reported is the file's as written.
    const sealed = await sealExport(result, { signingKey: ctx.signingKey, appVersion: ctx.version });
    if (!reportAssets) {
      progress('done', 1, 1, sealed.bytes);
      return sealed;
    }
    // The report carries the sealed file byte for byte, so it opens (and verifies) as that file does.
    const html = Buffer.from(
      buildHtmlReport({ file: Buffer.from(sealed.file, 'base64'), fileName: sealed.fileName, title: result.bundle.incident.title, assets: reportAssets }),
      'utf8',
    );
    progress('done', 1, 1, html.length);
    return { fileName: htmlReportName(sealed.fileName), file: html.toString('base64'), bytes: html.length };
  } catch (error) {
    progress(run.signal.aborted ? 'cancelled' : 'failed', 0, 0);
    throw error;
  } finally {
    run.finish();
  }
}

/** The dashboard on screen, as the exporting person has it saved; one not saved (or deleted since) is left out with a warning. */
function dashboardOnScreen(request: ParsedRequestOf<'exportIncident'>, ctx: ServiceContext): { dashboard?: Dashboard; warning?: string } {
  if (!request.dashboardId) return {};
  if (request.dashboardId === ctx.dashboard.id) return { dashboard: ctx.dashboard };
  try {
    return { dashboard: ctx.dashboards.get(request.exportedBy.trim() || ctx.session().defaultActor, request.dashboardId).dashboard };
  } catch (error) {
    return { warning: `The dashboard on screen ("${request.dashboardId}") is not in the file: ${errorMessage(error)} Save it and export again to include it.` };
  }
}
