import type { SourceConfigOf } from '../config/sources';
import { firstLine, httpText } from '../http/request';
import type { Trace } from '../../shared';
import { normalizeZipkin, TraceFormatError } from '../../shared/trace';
import { redact } from './endpoint-url';
import { SourceError, type DataSource } from './types';

/** Zipkin v2 API: `GET /api/v2/trace/{id}` returns the trace as a bare JSON array. */
export function createZipkinSource(config: SourceConfigOf<'zipkin'>): DataSource {
  const base = config.url.replace(/\/+$/, '');
  const host = new URL(base).host;

  async function getTrace(traceId: string, signal?: AbortSignal): Promise<Trace> {
    const id = traceId.trim().toLowerCase();
    if (!/^[0-9a-f]{1,32}$/.test(id)) {
      throw new SourceError(config.id, `"${traceId}" is not a trace id (1 to 32 hex digits)`, 'rejected');
    }
    const response = await httpText(`${base}/api/v2/trace/${id}`, {
      sourceId: config.id,
      headers: { accept: 'application/json' },
      timeoutMs: config.timeoutMs,
      signal,
    });
    if (response.status === 404) {
      throw new SourceError(config.id, `${config.name} has no trace with id ${id} (it may have expired or not been sampled)`, 'not_found');
    }
    if (response.status < 200 || response.status >= 300) {
      throw new SourceError(config.id, `${host} answered ${response.status}: ${firstLine(response.text) || 'no reason given'}`, 'rejected');
    }
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw new SourceError(config.id, `${host} answered with something that is not JSON: ${firstLine(response.text)}`);
    }
    // Some Zipkin-compatible stores answer an unknown id with 200 and [] rather than 404.
    if (Array.isArray(json) && json.length === 0) {
      throw new SourceError(config.id, `${config.name} has no trace with id ${id}`, 'not_found');
    }
    try {
      return normalizeZipkin(json);
    } catch (error) {
      if (error instanceof TraceFormatError) throw new SourceError(config.id, `${host} sent a trace Lockstep cannot read: ${error.message}`);
      throw error;
    }
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    traces: { getTrace },
  };
}
