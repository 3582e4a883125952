import { z } from 'zod';
import { AlertingHealthSchema, AlertSchema } from '../model/alerts';
import { DeploymentSchema } from '../model/deploy';
import { IncidentSchema, TimelineEventSchema } from '../model/incident';
import { LogQueryRequestSchema, LogResultSchema, LogTailEventSchema, LogTailRequestSchema, LogTailStateSchema } from '../model/logs';
import { LiveQuerySchema, QueryRangeRequestSchema, QueryResultSchema } from '../model/series';
import { LiveFrameSchema } from '../model/live-frame';
import { TraceRequestSchema, TraceSchema } from '../model/traces';
import { TraceColumnsSchema } from '../model/trace-columns';
import {
  TraceOperationSchema,
  TraceOperationsRequestSchema,
  TraceSearchRequestSchema,
  TraceSearchResultSchema,
  TraceServicesRequestSchema,
} from '../model/trace-search';
import {
  AcknowledgeRequestSchema,
  AddNoteRequestSchema,
  IncidentActionRequestSchema,
  ActionListSchema,
  ActionResultSchema,
  EscalateRequestSchema,
  RollbackPreviewRequestSchema,
  RollbackPreviewSchema,
  RollbackRequestSchema,
  RollbackResultSchema,
  ShiftTrafficRequestSchema,
} from './actions';
import { TraceProgressSchema } from './trace-progress';
import { CancelExportRequestSchema, CancelExportResultSchema, ExportIncidentRequestSchema, ExportProgressSchema, HtmlReportStatusSchema } from './export-request';
import {
  DashboardListSchema,
  DashboardReplySchema,
  DashboardRequestSchema,
  ExportDashboardReplySchema,
  ImportDashboardReplySchema,
  ImportDashboardRequestSchema,
  SaveDashboardRequestSchema,
  VariableValuesReplySchema,
  VariableValuesRequestSchema,
} from './dashboards';
import { SessionInfoSchema, SourceStatusSchema } from './session';
import {
  CredentialResultSchema,
  DeleteCredentialRequestSchema,
  ExportSourcesResultSchema,
  ImportSourcesRequestSchema,
  ImportSourcesResultSchema,
  RemoveSourceRequestSchema,
  RemoveSourceResultSchema,
  SaveSourceRequestSchema,
  SaveSourceResultSchema,
  SetCredentialRequestSchema,
  SourcesChangedEventSchema,
  SourceSettingsListSchema,
  TestSourceRequestSchema,
  TestSourceResultSchema,
} from './source-settings';

/**
 * The Lockstep API: every request the renderer can make and every event the services
 * push. Both hosts (Electron IPC, web HTTP+WebSocket) and the offline bundle reader
 * implement exactly this map, and both sides parse every message with these schemas.
 */
const method = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({
  request,
  response,
});

const Empty = z.object({}).strict();

export const IncidentsSnapshotSchema = z.object({
  incidents: z.array(IncidentSchema),
  timeline: z.array(TimelineEventSchema),
});
export type IncidentsSnapshot = z.infer<typeof IncidentsSnapshotSchema>;

export const methods = {
  getSession: method(Empty, SessionInfoSchema),
  queryRange: method(QueryRangeRequestSchema, QueryResultSchema),
  /** Replaces this client's live queries; results arrive as `queryResult` events. */
  setLiveQueries: method(z.object({ queries: z.array(LiveQuerySchema).max(200) }), z.object({ accepted: z.number() })),
  queryLogs: method(LogQueryRequestSchema, LogResultSchema),
  /** Follows a logs panel's query live (Loki's tail) for this console; lines arrive as `logTail` events. Same tailId replaces. */
  startLogTail: method(LogTailRequestSchema, z.object({ tailId: z.string(), state: LogTailStateSchema })),
  stopLogTail: method(z.object({ tailId: z.string().min(1).max(200) }), z.object({ stopped: z.boolean() })),
  getTrace: method(TraceRequestSchema, TraceSchema),
  /** The same trace in the compact column form the trace view loads (shared/model/trace-columns.ts): a quarter of the bytes, checked without a schema run per span. */
  getTraceColumns: method(TraceRequestSchema, TraceColumnsSchema),
  /** Traces matching a search on one trace source (Zipkin, Jaeger, Tempo, the demo), one summary each, in the asked order. */
  searchTraces: method(TraceSearchRequestSchema, TraceSearchResultSchema),
  /** The services a trace source has seen, for the search form. */
  traceServices: method(TraceServicesRequestSchema, z.object({ services: z.array(z.string()) })),
  /** One service's operations (span names) on a trace source, with their kind where it says. */
  traceOperations: method(TraceOperationsRequestSchema, z.object({ operations: z.array(TraceOperationSchema) })),
  /** Attribute names a trace source can search by (Tempo's search tags, Zipkin's autocomplete keys); empty where it cannot say. */
  traceTagNames: method(TraceServicesRequestSchema, z.object({ tagNames: z.array(z.string()) })),
  listAlerts: method(Empty, z.object({ alerts: z.array(AlertSchema), fetchedAt: z.number() })),
  acknowledgeAlert: method(AcknowledgeRequestSchema, ActionResultSchema),
  /** An `ACK!` silence on the incident's groups (a lease renewed while it is open); says who has it when someone already does. */
  acknowledgeIncident: method(IncidentActionRequestSchema, ActionResultSchema),
  unacknowledgeIncident: method(IncidentActionRequestSchema, ActionResultSchema),
  /** Resolves by hand: a `RESOLVED!` silence on its groups, lapsing like an acknowledgement. */
  resolveIncident: method(IncidentActionRequestSchema, ActionResultSchema),
  /** "Escalate now": posts the incident's escalation alert for that level; two consoles pressing it page once. */
  escalateIncident: method(EscalateRequestSchema, ActionResultSchema),
  /** A note on the incident: a `LockstepNote` alert in Alertmanager that every console shows and that pages nobody. */
  addIncidentNote: method(AddNoteRequestSchema, ActionResultSchema),
  listDeployments: method(Empty, z.object({ deployments: z.array(DeploymentSchema) })),
  rollback: method(RollbackRequestSchema, RollbackResultSchema),
  /** Whether a rollback is offered for an incident (or why not), and the exact request(s) it would send; sends nothing. */
  previewRollback: method(RollbackPreviewRequestSchema, RollbackPreviewSchema),
  /** Moves part of a service's traffic between its colours where the deployer splits traffic; guarded like a rollback. */
  shiftTraffic: method(ShiftTrafficRequestSchema, RollbackResultSchema),
  listIncidents: method(Empty, IncidentsSnapshotSchema),
  /** Actions pending (queued while a backend is down), in doubt, or settled later; also pushed as `actions` events. */
  listActions: method(Empty, ActionListSchema),
  /** The sealed, signed incident file (shared/incident-file/envelope.ts): its name, its bytes in base64, and its size; with `format: 'html'`, the HTML report carrying it. */
  exportIncident: method(
    ExportIncidentRequestSchema,
    z.object({ fileName: z.string(), file: z.string(), bytes: z.number().int().nonnegative() }),
  ),
  /** Stops a running export of this console (its `exportId`); the export then fails with "cancelled". */
  cancelExport: method(CancelExportRequestSchema, CancelExportResultSchema),
  /** Whether an export may be saved as the HTML report here (`format: 'html'`): its page must have been built. */
  htmlReportStatus: method(Empty, HtmlReportStatusSchema),
  /** The settings screen (operators only; see shared/api/source-settings.ts): the sources as configured, secrets never included. */
  listSourceSettings: method(Empty, SourceSettingsListSchema),
  /** Adds or edits a source; applied live (panels and alert polling switch) and kept over the config file's. */
  saveSource: method(SaveSourceRequestSchema, SaveSourceResultSchema),
  /** Removes a source added here, or reverts an edited one to the config file's; the file's own cannot be removed here. */
  removeSource: method(RemoveSourceRequestSchema, RemoveSourceResultSchema),
  /** Tests a draft config, not saved: does the product answer there, which version, is the sign-in accepted, are the dashboards' series there. */
  testSource: method(TestSourceRequestSchema, TestSourceResultSchema),
  /** Stores a secret in the host's credential store; it is never sent back. */
  setCredential: method(SetCredentialRequestSchema, CredentialResultSchema),
  deleteCredential: method(DeleteCredentialRequestSchema, CredentialResultSchema),
  /** The sources as JSON without secrets (credential names kept), for another console to import. */
  exportSourceSettings: method(Empty, ExportSourcesResultSchema),
  importSourceSettings: method(ImportSourcesRequestSchema, ImportSourcesResultSchema),
  /** Dashboards: built-in, the config folder's, and this person's saved ones (shared/api/dashboards.ts). */
  listDashboards: method(z.object({ author: z.string().max(100).optional() }), DashboardListSchema),
  getDashboard: method(DashboardRequestSchema, DashboardReplySchema),
  /** Saves for the person acting (operators only); a dashboard of the same id as a built-in or config one replaces it for them. */
  saveDashboard: method(SaveDashboardRequestSchema, DashboardReplySchema),
  /** Removes a saved one; a built-in or config dashboard it replaced shows again. */
  deleteDashboard: method(DashboardRequestSchema, z.object({ deleted: z.boolean() })),
  duplicateDashboard: method(DashboardRequestSchema, DashboardReplySchema),
  /** Reads Lockstep or Grafana dashboard JSON (any Grafana schema version); saves nothing. */
  importDashboard: method(ImportDashboardRequestSchema, ImportDashboardReplySchema),
  exportDashboard: method(DashboardRequestSchema, ExportDashboardReplySchema),
  /** A template variable's choices: a label's values from the metrics source. */
  variableValues: method(VariableValuesRequestSchema, VariableValuesReplySchema),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type RequestOf<M extends MethodName> = z.input<Methods[M]['request']>;
export type ParsedRequestOf<M extends MethodName> = z.output<Methods[M]['request']>;
export type ResponseOf<M extends MethodName> = z.output<Methods[M]['response']>;
export const methodNames = Object.keys(methods) as MethodName[];

export const events = {
  queryResult: z.object({
    queryId: z.string(),
    /** A whole result, for a source that does not answer on the step grid (and for callers outside the live hub). */
    result: QueryResultSchema.optional(),
    /** A live refresh, columnar: a full frame or only what changed since frame `base` (shared/model/live-frame.ts). */
    frame: LiveFrameSchema.optional(),
    error: z.string().optional(),
    at: z.number(),
  }),
  /**
   * After each alert poll. `alerts` is absent when the list is exactly what the last event
   * carried: only freshness (`fetchedAt`) and health moved, so a 5,000-alert inbox is not
   * re-sent and re-drawn every second. A console (re)attaching always gets the full list.
   */
  alerts: z.object({ alerts: z.array(AlertSchema).optional(), fetchedAt: z.number(), error: z.string().optional(), health: AlertingHealthSchema.optional() }),
  incidents: IncidentsSnapshotSchema,
  deployments: z.object({ deployments: z.array(DeploymentSchema) }),
  actions: ActionListSchema,
  /** New lines of a live tail (batched, a few a second at most), or its state: live, reconnecting (and why), failed. */
  logTail: LogTailEventSchema,
  /** A source's health changed (and, on attach, each known source's current health). */
  sourceStatus: SourceStatusSchema,
  /** The sources were changed in Settings (by anyone): reload the session, its panels and the source list. */
  sourcesChanged: SourcesChangedEventSchema,
  /** How far this console's incident export is (phase, done of total, the file's size at the end); sent to the asking console only. */
  exportProgress: ExportProgressSchema,
  /** How far this console's trace open is (getTraceColumns with a progressId): asking, receiving (bytes of total), reading; sent to the asking console only. */
  traceProgress: TraceProgressSchema,
  notification: z.object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    severity: z.enum(['critical', 'warning', 'info']),
    /** The incident's lead alert (its probable cause when known). */
    alertFingerprint: z.string().optional(),
    /** The one incident it is about; absent for a bundle of several. */
    incidentId: z.string().optional(),
    /** Why now: an incident opened, got worse (critical, a new escalation level), is still unacknowledged, or several at once. */
    reason: z.enum(['opened', 'worse', 'reminder', 'bundle']).optional(),
    /** A bundle's incidents, most severe first. */
    incidentIds: z.array(z.string()).optional(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventOf<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

export const EventEnvelopeSchema = z.object({
  event: z.enum(eventNames as [EventName, ...EventName[]]),
  payload: z.unknown(),
});

export type EventEnvelope = { [E in EventName]: { event: E; payload: EventOf<E> } }[EventName];

/** An error a request can fail with; `code` lets the UI choose what to offer (retry, fix input). */
export const ApiErrorSchema = z.object({
  code: z.enum(['bad_request', 'unavailable', 'not_found', 'forbidden', 'read_only', 'internal']),
  message: z.string(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export class LockstepApiError extends Error {
  constructor(
    readonly code: ApiError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'LockstepApiError';
  }
}

/** What the renderer talks to, whichever host it runs in. */
export interface LockstepClient {
  call<M extends MethodName>(name: M, request: RequestOf<M>): Promise<ResponseOf<M>>;
  on<E extends EventName>(name: E, listener: (payload: EventOf<E>) => void): () => void;
}
