import type { TraceColumns } from '../model/trace-columns';
import { type ByteReader, mapByteReader } from '../text/byte-reader';
import type { Span, Trace } from '../model/traces';
import { encodeTraceColumns } from './columns-codec';
import { finishTrace } from './finish';
import { ResourceTable } from './resources';
import { Warnings } from './warnings';
import { zipkinColumnsFromScan } from './zipkin-columns';
import { rowParentId, zipkinRows } from './zipkin-rows';
import type { ZipkinSpan } from './zipkin-schema';
import { SHARED_ABSENT, SHARED_TRUE, type ScannedZipkin, scanZipkinTrace, ZipkinScanProgress } from './zipkin-scan';
import { EndpointResources, spanOfRecord } from './zipkin-span';

/**
 * A Zipkin v2 trace straight from the answer's bytes, for the common case: every span id
 * reported once, or twice as the CLIENT and SERVER halves of one call; ids in lower case, all
 * under one trace id. The trace is the one normalizeZipkin(JSON.parse(text)) makes — the same
 * rows in the same order, parents, resources, notes and warnings (zipkin-bytes.test.ts holds
 * it to that) — without the 100,000 record objects, their strings and the grouping objects
 * that path builds and drops: what makes a 100,000-span trace open in well under a second.
 *
 * Anything else — parts of one span to merge, receipts from several hosts, a foreign trace
 * id, a record the schema would repair or refuse, an answer that is not a JSON array —
 * returns undefined, and the caller reads the answer the general way, which handles and
 * words all of it.
 */
export function normalizeZipkinBytes(body: Uint8Array): Trace | undefined {
  return zipkinTraceReader.read(body);
}

/**
 * The same trace as encodeTraceColumns(normalizeZipkinBytes(bytes)) gives, scanned once: straight
 * into columns where zipkin-columns.ts can (no Span objects), else through the Span path.
 */
export function zipkinColumnsFromBytes(body: Uint8Array): TraceColumns | undefined {
  return zipkinColumnsReader.read(body);
}

/** Scanned answers, read whole or while they arrive (ZipkinScanProgress), into what `then` makes of them. */
function zipkinReader<T>(then: (scanned: ScannedZipkin) => T | undefined): ByteReader<T> {
  return mapByteReader<ScannedZipkin, T>({ read: scanZipkinTrace, follow: (body) => new ZipkinScanProgress(body) }, then);
}

/** normalizeZipkinBytes, also while the answer arrives. */
export const zipkinTraceReader: ByteReader<Trace> = zipkinReader(normalizeScanned);

/** zipkinColumnsFromBytes, also while the answer arrives. */
export const zipkinColumnsReader: ByteReader<TraceColumns> = zipkinReader((scanned) => {
  const columns = zipkinColumnsFromScan(scanned);
  if (columns) return columns;
  const trace = normalizeScanned(scanned);
  return trace && encodeTraceColumns(trace);
});

function normalizeScanned(s: ScannedZipkin): Trace | undefined {
  const rows = zipkinRows(s);
  if (!rows) return undefined;
  const n = rows.count;
  const resources = new ResourceTable();
  const endpoints = new EndpointResources(resources);
  const spans = new Array<Span>(n);
  const view: ZipkinSpan = { traceId: rows.traceId, id: '' };
  for (let row = 0; row < n; row += 1) {
    const r = rows.recordOfRow[row]!;
    fillView(view, s, r);
    const span = spanOfRecord(view, rows.spanId[row]!, endpoints, rows.unanswered[row] === 1);
    if (rows.serverHalf[row] === 1) span.reportedId = s.id[r]!;
    spans[row] = span;
  }
  for (let row = 0; row < n; row += 1) {
    const parentId = rowParentId(rows, row);
    if (parentId !== undefined) spans[row]!.parentId = parentId;
  }
  return finishTrace(rows.traceId.toLowerCase(), spans, resources.list, new Warnings(), rows.parentRow, undefined, true);
}

/** The record's fields on the one reused object spanOfRecord reads them from (it keeps none of the object itself). */
function fillView(view: ZipkinSpan, s: ScannedZipkin, r: number): void {
  view.id = s.id[r]!;
  view.parentId = s.parentId[r];
  view.kind = s.kind[r];
  view.name = s.name[r];
  const timestamp = s.timestamp[r]!;
  view.timestamp = Number.isNaN(timestamp) ? undefined : timestamp;
  const duration = s.duration[r]!;
  view.duration = Number.isNaN(duration) ? undefined : duration;
  view.localEndpoint = s.localEndpoint[r];
  view.remoteEndpoint = s.remoteEndpoint[r];
  view.annotations = s.annotations[r];
  view.tags = s.tags[r];
  view.shared = s.shared[r] === SHARED_TRUE ? true : s.shared[r] === SHARED_ABSENT ? undefined : false;
}
