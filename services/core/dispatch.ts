import { type MethodName, type RpcReply, methods } from '../../shared';
import { toApiError } from '../util/errors';
import { traceColumnsReply } from '../traces/trace-columns-reply';
import type { ClientSession } from './client';
import { handlers } from './handlers';
import type { ServiceContext } from './service-context';

/**
 * Runs one request from a host: validated against the method's schema, handled, the
 * answer checked against the contract, and every outcome (a throw included) wrapped in
 * an RpcReply, so nothing a client sends can throw across the boundary.
 */
export async function dispatch(method: MethodName, request: unknown, client: ClientSession, ctx: ServiceContext): Promise<RpcReply> {
  const spec = methods[method];
  if (!spec) return { ok: false, error: { code: 'bad_request', message: `Unknown request "${String(method)}".` } };
  const parsed = spec.request.safeParse(request ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: { code: 'bad_request', message: `${where}${issue?.message ?? 'invalid request'}` } };
  }
  try {
    const handler = handlers[method] as (r: unknown, c: ClientSession, ctx: ServiceContext) => Promise<unknown>;
    const value = await handler(parsed.data, client, ctx);
    return { ok: true, value: method === 'getTraceColumns' ? traceColumnsReply(value) : spec.response.parse(value) };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}
