import { z } from 'zod';
import type { SourceConfigOf } from '../config/sources';
import type { SourceDeps } from '../http/source-http';
import { normalizeJaeger, normalizeOtlp } from '../../shared/trace';
import { jaegerSearch } from './jaeger-search';
import { DependencyLinkSchema, traceByIdSource } from './trace-fetch';
import type { DataSource } from './types';

/**
 * Jaeger query service: `GET /api/traces/{id}` answers `{data: [trace], errors}` (the
 * envelope the Jaeger UI reads); an unknown id is a 404 with
 * `{"data": null, "errors": [{"code": 404, "msg": "trace not found"}]}`. The envelope and
 * spans are parsed by normalizeJaeger's own schemas. Where only the v3 API is served (the
 * legacy route answers Go's "404 page not found"), `GET /api/v3/traces/{id}` answers OTLP
 * inside `{result: {resourceSpans}}`, read by normalizeOtlp. `GET /api/dependencies?endTs=&lookback=`
 * (the legacy query API the UI's System Architecture page reads) answers the same envelope
 * around `[{parent, child, callCount}]`. Search, services and operations: jaeger-search.ts.
 */
export function createJaegerSource(config: SourceConfigOf<'jaeger'>, deps: SourceDeps = {}): DataSource {
  return traceByIdSource(config, deps, {
    routes: [
      { name: 'legacy', path: (id) => `/api/traces/${id}`, normalize: normalizeJaeger },
      { name: 'v3', path: (id) => `/api/v3/traces/${id}`, isEmpty: holdsNoResult, normalize: normalizeOtlp },
    ],
    dependencies: { path: '/api/dependencies', schema: JaegerDependenciesSchema },
    more: jaegerSearch,
  });
}

const NoResultSchema = z.object({ result: z.object({ resourceSpans: z.array(z.unknown()).max(0).nullish() }).nullish() });

/** The v3 API's answer with nothing in it. */
function holdsNoResult(json: unknown): boolean {
  return NoResultSchema.safeParse(json).success;
}

/** The envelope around the links; a storage failure can come back as 200 with `data: null` and `errors`. */
export const JaegerDependenciesSchema = z
  .object({
    data: z.array(DependencyLinkSchema).nullable(),
    errors: z.array(z.object({ code: z.number().optional(), msg: z.string() })).nullish(),
  })
  .transform((answer, ctx) => {
    if (answer.data) return answer.data;
    ctx.addIssue({ code: 'custom', path: ['errors'], message: answer.errors?.map((e) => e.msg).join('; ') || 'no data and no error' });
    return z.NEVER;
  });
