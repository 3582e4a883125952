import { z } from 'zod';

/**
 * What an incident export is asked for, beside which incident: the dashboard the person has
 * on screen (when it is not the war room) with the variables as they chose them, how wide
 * their dashboard is (so each panel is fetched at the resolution it drew), and an id the
 * progress events and a cancel carry.
 */
export const ExportIncidentRequestSchema = z.object({
  incidentId: z.string().min(1),
  exportedBy: z.string().min(1).max(100),
  /** Chosen by the console; `exportProgress` events carry it and `cancelExport` names it. */
  exportId: z.string().min(1).max(100).optional(),
  dashboardId: z.string().min(1).max(200).optional(),
  /** The variables' chosen values, by name (the `$__all` marker as the dashboard uses it). */
  variables: z.record(z.string().max(200), z.array(z.string().max(1000)).max(1000)).optional(),
  /** The dashboard's width in CSS pixels when the export was asked (the panels' steps derive from it). */
  widthPx: z.number().int().min(200).max(20_000).optional(),
  /**
   * What is saved: the sealed `.lockstep` file (the default), or the self-contained HTML
   * report carrying it (services/export/html-report.ts), assembled by the host.
   */
  format: z.enum(['lockstep', 'html']).optional(),
});
export type ExportIncidentRequest = z.infer<typeof ExportIncidentRequestSchema>;

export const EXPORT_PHASES = ['panels', 'alerts', 'logs', 'traces', 'sealing', 'done', 'cancelled', 'failed'] as const;
export const ExportPhaseSchema = z.enum(EXPORT_PHASES);
export type ExportPhase = z.infer<typeof ExportPhaseSchema>;

/** How far an export is: sent to the console that asked only. `bytes` once the file's size is known. */
export const ExportProgressSchema = z.object({
  exportId: z.string(),
  phase: ExportPhaseSchema,
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  bytes: z.number().int().min(0).optional(),
});
export type ExportProgress = z.infer<typeof ExportProgressSchema>;

export const CancelExportRequestSchema = z.object({ exportId: z.string().min(1).max(100) });
export const CancelExportResultSchema = z.object({ cancelled: z.boolean() });

/** Whether this host can assemble the HTML report (its page must be built), and if not, the one sentence saying why. */
export const HtmlReportStatusSchema = z.object({ available: z.boolean(), problem: z.string().max(500).optional() });
export type HtmlReportStatus = z.infer<typeof HtmlReportStatusSchema>;
