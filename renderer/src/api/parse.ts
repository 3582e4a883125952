import {
  type EventName,
  type EventOf,
  events,
  LockstepApiError,
  type MethodName,
  methods,
  type ResponseOf,
} from '../../../shared/api/contract';
import { RpcReplySchema } from '../../../shared/api/wire';
import type { z } from 'zod';

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown shape';
  const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  return `${issue.message}${where}`;
}

/**
 * Unwraps one RpcReply: an error reply becomes a LockstepApiError with the services' own
 * words; a value that does not match the contract becomes an 'internal' error rather
 * than reaching the store half-formed.
 */
export function unwrapReply<M extends MethodName>(method: M, raw: unknown): ResponseOf<M> {
  const reply = RpcReplySchema.safeParse(raw);
  if (!reply.success) {
    throw new LockstepApiError('internal', `The answer to ${method} was not a Lockstep reply (${firstIssue(reply.error)}).`);
  }
  if (!reply.data.ok) throw new LockstepApiError(reply.data.error.code, reply.data.error.message);
  const value = methods[method].response.safeParse(reply.data.value);
  if (!value.success) {
    throw new LockstepApiError(
      'internal',
      `The answer to ${method} did not have the expected shape (${firstIssue(value.error)}); this console and the services may be different versions.`,
    );
  }
  return value.data as ResponseOf<M>;
}

export type ParsedEvent<E extends EventName> = { ok: true; payload: EventOf<E> } | { ok: false; message: string };

export function parseEvent<E extends EventName>(name: E, raw: unknown): ParsedEvent<E> {
  const parsed = events[name].safeParse(raw);
  if (parsed.success) return { ok: true, payload: parsed.data as EventOf<E> };
  return { ok: false, message: `A "${name}" update had an unexpected shape (${firstIssue(parsed.error)}) and was ignored.` };
}

/** Words for any failure, whether the API's or the transport's. */
export function errorText(error: unknown): string {
  if (error instanceof LockstepApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
