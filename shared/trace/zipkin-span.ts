import type { Span, SpanEvent, SpanKind, SpanStatus } from '../model/traces';
import { tagText } from './finish';
import type { ResourceTable } from './resources';
import { deriveStatus } from './status';
import type { ZipkinSpan } from './zipkin-schema';
import { hostOf } from './zipkin-groups';

/**
 * One Zipkin v2 record as one span of the trace model, and the resource it ran in: what
 * normalizeZipkin (zipkin.ts, from JSON.parse's records) and normalizeZipkinBytes
 * (zipkin-bytes.ts, from the answer's bytes) both make of a record, so they agree by
 * construction.
 */

/**
 * The resource of each local endpoint, looked up by its parts (service, address, port) without
 * building a key string for each of 100,000 records.
 */
export class EndpointResources {
  private readonly byService = new Map<string, Map<string, Map<number | undefined, number>>>();
  private readonly versioned = new Map<string, number>();

  constructor(private readonly table: ResourceTable) {}

  of(service: string, local: ZipkinSpan['localEndpoint'], version: string | undefined): number {
    if (version !== undefined) {
      const host = hostOf(local);
      const key = `${service}|${host ?? ''}|${version}`;
      let index = this.versioned.get(key);
      if (index === undefined) {
        index = this.table.add({ service, version, attributes: {}, ...(host ? { host } : {}) });
        this.versioned.set(key, index);
      }
      return index;
    }
    let byAddress = this.byService.get(service);
    if (!byAddress) this.byService.set(service, (byAddress = new Map()));
    const address = local?.ipv4 || local?.ipv6 || '';
    let byPort = byAddress.get(address);
    if (!byPort) byAddress.set(address, (byPort = new Map()));
    const port = address ? (local?.port ?? undefined) : undefined;
    let index = byPort.get(port);
    if (index === undefined) {
      const host = hostOf(local);
      index = this.table.add({ service, attributes: {}, ...(host ? { host } : {}) });
      byPort.set(port, index);
    }
    return index;
  }
}

const KINDS: Record<string, SpanKind> = { CLIENT: 'client', SERVER: 'server', PRODUCER: 'producer', CONSUMER: 'consumer' };
const NO_TAGS: Record<string, unknown> = {};
// Shared by every span without annotations (most of them): nothing ever adds to it, and
// 100,000 empty arrays are GC work.
const NO_EVENTS: SpanEvent[] = [];

/** `unanswered`: no server half was reported, so name the callee from the remote endpoint. */
/** A record's row: its service (the local endpoint's), its resource, and the span itself. */
export function spanOfRecord(r: ZipkinSpan, spanId: string, endpoints: EndpointResources, unanswered: boolean): Span {
  const local = r.localEndpoint;
  const service = endpointService(local);
  return toSpan(r, spanId, service, endpoints.of(service, local, versionOf(r.tags)), unanswered);
}

function toSpan(r: ZipkinSpan, spanId: string, service: string, resource: number, unanswered: boolean): Span {
  const attributes = recordAttributes(r.tags, r.remoteEndpoint, unanswered);
  const events = recordEvents(r.annotations);
  const kind = recordKind(r.kind);
  // Only the span's own timestamp or, failing that, its own first annotation says when it began.
  const start = r.timestamp ?? events[0]?.time ?? Number.NaN;
  const finished = isFinished(r.duration);
  const span: Span = {
    spanId,
    service,
    operation: r.name || 'unknown',
    kind,
    resource,
    start,
    duration: finished ? r.duration! : 0,
    attributes,
    events,
    status: recordStatus(attributes, r.annotations, kind),
  };
  if (!finished && Number.isFinite(start)) {
    span.unfinished = true;
    span.notes = [UNFINISHED_NOTE];
  }
  return span;
}

/*
 * The pieces of a record's span, each what toSpan makes of the record's fields: exported for
 * zipkin-columns.ts, which writes the same values into columns without making the Span.
 */

export function endpointService(local: ZipkinSpan['localEndpoint']): string {
  return local?.serviceName || 'unknown';
}

export const UNFINISHED_NOTE = 'unfinished: no duration was reported, so its end is unknown; it does not count in the trace\'s duration';

/**
 * Zipkin writes no duration for a span that has not ended (or whose end was never reported);
 * an annotation is not an end, so none is made up from one.
 */
export function isFinished(duration: ZipkinSpan['duration']): boolean {
  return typeof duration === 'number' && duration > 0;
}

export function recordKind(kind: ZipkinSpan['kind']): SpanKind {
  return (kind && KINDS[kind.toUpperCase()]) || 'internal';
}

/** The annotations as events, by time; the one shared empty list when there are none. */
export function recordEvents(annotations: ZipkinSpan['annotations']): SpanEvent[] {
  if (!annotations || annotations.length === 0) return NO_EVENTS;
  const events = annotations.map((a) => ({ time: a.timestamp, name: a.value, attributes: {} }));
  if (events.length > 1) events.sort((x, y) => x.time - y.time);
  return events;
}

/** An `error` tag (its text the message) or an `error` annotation says it failed; so do failing HTTP/gRPC codes (deriveStatus). */
export function recordStatus(attributes: Record<string, string>, annotations: ZipkinSpan['annotations'], kind: SpanKind): SpanStatus {
  const errorText = attributes.error;
  const errorAnnotation = !!annotations && annotations.some((a) => a.value === 'error');
  return deriveStatus({ errorTag: errorText !== undefined || errorAnnotation, errorText }, attributes, kind);
}

/** The tags as strings, with `peer.service` from the remote endpoint where no server half named the callee (`unanswered`). */
export function recordAttributes(tags: ZipkinSpan['tags'], remote: ZipkinSpan['remoteEndpoint'], unanswered: boolean): Record<string, string> {
  const peer = unanswered ? (remote?.serviceName ?? undefined) : undefined;
  return stringTags(tags ?? NO_TAGS, peer);
}

export function versionOf(tags: ZipkinSpan['tags']): string | undefined {
  const version = tags?.['service.version'];
  return typeof version === 'string' && version !== '' ? version : undefined;
}

/**
 * The tags as strings. The usual all-string object from JSON.parse is used as it is (it is
 * ours, and copying 100,000 of them is the biggest avoidable cost); anything else is copied.
 */
function stringTags(raw: Record<string, unknown>, peer: string | undefined): Record<string, string> {
  let allStrings = true;
  for (const key in raw) {
    if (typeof raw[key] !== 'string') {
      allStrings = false;
      break;
    }
  }
  const addPeer = !!peer && raw['peer.service'] === undefined;
  if (allStrings && !addPeer && raw !== NO_TAGS) return raw as Record<string, string>;
  const tags: Record<string, string> = {};
  for (const key in raw) tags[key] = tagText(raw[key]);
  if (addPeer) tags['peer.service'] = peer!;
  return tags;
}
