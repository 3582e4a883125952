import { userInfo } from 'node:os';
import { type MethodName, methods, type RpcReply } from '../../shared';
import type { ClientSession } from '../core/client';
import type { LockstepServices } from '../core/lockstep-services';

/** Who a console acts as, fixed by its host: the OS user on the desk, the access credential on the web. */
export interface ActingIdentity {
  /** The name actions are recorded under. */
  readonly name: string;
  /** An operator acts; a viewer (a wall screen's URL) may only look. */
  readonly role: 'operator' | 'viewer';
}

/**
 * The methods that only look. A viewer may call these and nothing else: every other
 * method of the contract changes the world (acknowledge, escalate, resolve, roll back,
 * shift traffic, …) and is refused — so a method added to the contract later is refused
 * to viewers until someone decides, here, that it only looks.
 *
 * exportIncident is here: it builds a file from what the screen already shows and changes
 * nothing. A rollback preview is not: it is the first step of acting and shows the
 * deployer's endpoints and request templates, which a wall screen has no use for.
 */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set<MethodName>([
  'getSession',
  'queryRange',
  'setLiveQueries',
  'queryLogs',
  'startLogTail',
  'stopLogTail',
  'getTrace',
  'getTraceColumns',
  'searchTraces',
  'traceServices',
  'traceOperations',
  'traceTagNames',
  'listAlerts',
  'listDeployments',
  'listIncidents',
  'listActions',
  'exportIncident',
  // Stops the console's own export: nothing else changes.
  'cancelExport',
  // Whether an export can be saved as the HTML report: reads the host's build, changes nothing.
  'htmlReportStatus',
  // Dashboards: looking at them, reading a file to look at and writing one out change nothing; saving does.
  'listDashboards',
  'getDashboard',
  'importDashboard',
  'exportDashboard',
  'variableValues',
]);

export const VIEWER_REFUSAL = 'This screen is a viewer: it can look but not act. Open the operator URL to act.';

/** Request fields that name the person acting: the host fills them from the identity, whatever the page typed. */
const IDENTITY_FIELDS = ['author', 'exportedBy'] as const;

export function mayCall(method: string, role: ActingIdentity['role']): boolean {
  return role === 'operator' || READ_ONLY_METHODS.has(method);
}

/**
 * Runs a call as `identity`: a viewer is refused anything that acts (`forbidden`), the
 * acting name is written into the request's author fields, and the session says who
 * this console is and what it may do.
 */
export async function handleAs(
  services: Pick<LockstepServices, 'handle'>,
  identity: ActingIdentity,
  method: MethodName,
  request: unknown,
  client: ClientSession,
): Promise<RpcReply> {
  if (!mayCall(method, identity.role)) return { ok: false, error: { code: 'forbidden', message: VIEWER_REFUSAL } };
  const reply = await services.handle(method, stampIdentity(method, request, identity.name), client);
  if (method !== 'getSession' || !reply.ok || typeof reply.value !== 'object' || reply.value === null) return reply;
  return { ok: true, value: { ...reply.value, defaultActor: identity.name, actingAs: identity.name, role: identity.role } };
}

function stampIdentity(method: MethodName, request: unknown, name: string): unknown {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return request;
  const shape = (methods[method].request as { shape?: Record<string, unknown> }).shape ?? {};
  const stamped: Record<string, unknown> = { ...(request as Record<string, unknown>) };
  for (const field of IDENTITY_FIELDS) if (field in shape || field in stamped) stamped[field] = name;
  return stamped;
}

/** The person logged in to this machine: who the desktop app, and the web host's first operator credential, act as. */
export function osUserName(): string {
  try {
    const name = userInfo().username.trim();
    if (name) return name;
  } catch {
    // no passwd entry (some containers): fall through to the environment
  }
  return process.env.USER?.trim() || process.env.USERNAME?.trim() || 'operator';
}
