/**
 * Incident files exported before the trace model took OpenTelemetry's vocabulary carry spans
 * as `{tags, logs, error}` with the process's tags mixed into `tags` and no resources. This
 * turns such a trace into today's shape so an old file still opens; anything else passes
 * through untouched for the schema to judge.
 */
export function upgradeLegacyTrace(value: unknown): unknown {
  if (!isRecord(value) || !Array.isArray(value.spans) || Array.isArray(value.resources)) return value;
  if (!value.spans.some((span) => isRecord(span) && 'tags' in span && !('attributes' in span))) return value;
  const resources: { service: string; attributes: Record<string, string> }[] = [];
  const indexByService = new Map<string, number>();
  const spans = value.spans.map((span) => {
    if (!isRecord(span) || !('tags' in span) || 'attributes' in span) return span;
    const { tags, logs, error, ...rest } = span;
    const service = typeof span.service === 'string' ? span.service : 'unknown';
    let resource = indexByService.get(service);
    if (resource === undefined) {
      resource = resources.length;
      resources.push({ service, attributes: {} });
      indexByService.set(service, resource);
    }
    const events = Array.isArray(logs)
      ? logs.map((log) => {
          if (!isRecord(log) || !isRecord(log.fields)) return log;
          const { event, ...attributes } = log.fields;
          return { time: log.time, name: typeof event === 'string' ? event : '', attributes };
        })
      : [];
    return { ...rest, resource, attributes: tags, events, status: { code: error === true ? 'error' : 'unset' } };
  });
  return { ...value, spans, resources };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
