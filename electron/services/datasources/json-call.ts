import type { z } from 'zod';
import { firstLine, httpText, type HttpOptions } from '../http/request';
import { SourceError } from './types';

/**
 * Like httpJson, but a refusal is told in the backend's own words: APIs answer errors as
 * {"error"}, {"message"} or a bare JSON string, and the raw JSON helps no one at 3 am.
 */
export async function callJson<S extends z.ZodType>(
  url: string,
  schema: S,
  options: HttpOptions & { who: string },
): Promise<z.output<S>> {
  const host = new URL(url).host;
  const response = await httpText(url, { ...options, headers: { accept: 'application/json', ...options.headers } });
  if (response.status < 200 || response.status >= 300) {
    const action = options.method && options.method !== 'GET' ? 'the change' : 'the request';
    throw new SourceError(
      options.sourceId,
      `${options.who} (${host}) refused ${action}: ${reason(response.text, response.status)}`,
      response.status === 404 ? 'not_found' : 'rejected',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(response.text);
  } catch {
    throw new SourceError(options.sourceId, `${host} answered with something that is not JSON: ${firstLine(response.text)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SourceError(options.sourceId, `${host} sent an unexpected answer (${issue?.path.join('.') || 'the top level'}: ${issue?.message ?? 'invalid'})`);
  }
  return parsed.data;
}

export function reason(text: string, status: number): string {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'string' && json) return json;
    if (typeof json === 'object' && json !== null) {
      const { error, message } = json as { error?: unknown; message?: unknown };
      if (typeof error === 'string' && error) return error;
      if (typeof message === 'string' && message) return message;
    }
  } catch {
    // not JSON: the first line of the text says it best
  }
  return firstLine(text) || `HTTP ${status}`;
}
