import { decodeUtf8Strict } from '../text/utf8';
import type { ZipkinSpan } from './zipkin-schema';

/**
 * A Zipkin v2 trace (`/api/v2/trace/{id}`, a JSON array of span records) read straight from
 * its bytes into one array per field: no object per record, every repeated string (the trace
 * id, a call's id under its two halves, kinds, names, addresses, tag keys and values) and
 * every repeated endpoint made once. JSON.parse of a 100,000-span answer builds some 900,000
 * objects and strings that the normaliser reads once and drops; this is what makes opening a
 * trace that size take seconds (see normalizeZipkinBytes in zipkin-bytes.ts).
 *
 * It takes only answers it can read exactly as JSON.parse and ZipkinSpanSchema would, and
 * returns undefined for anything else — not JSON, not an array of objects, a field of an
 * unexpected type, a `null`, a string with an escape in a key, a number it cannot convert
 * exactly, bytes that are not UTF-8 — so that the general path (JSON.parse and the schema)
 * reads it and words any problem. It never throws.
 */
export interface ScannedZipkin {
  count: number;
  /** Per record, as reported: the strings are shared wherever the bytes were equal. */
  traceId: string[];
  id: string[];
  parentId: (string | undefined)[];
  kind: (string | undefined)[];
  name: (string | undefined)[];
  /** Epoch microseconds; NaN where the record has none. */
  timestamp: Float64Array;
  duration: Float64Array;
  /** SHARED_ABSENT, SHARED_TRUE or SHARED_FALSE. */
  shared: Uint8Array;
  /** One object per distinct endpoint, shared by every record that reported it; nothing may change them. */
  localEndpoint: (ZipkinEndpoint | undefined)[];
  remoteEndpoint: (ZipkinEndpoint | undefined)[];
  annotations: (ZipkinAnnotation[] | undefined)[];
  /** Each record's own object (it becomes the span's attributes): string values only. */
  tags: (Record<string, string> | undefined)[];
}

export type ZipkinEndpoint = NonNullable<ZipkinSpan['localEndpoint']>;
export type ZipkinAnnotation = NonNullable<ZipkinSpan['annotations']>[number];

export const SHARED_ABSENT = 0;
export const SHARED_TRUE = 1;
export const SHARED_FALSE = 2;

/** Thrown inside the scanner only, and caught at its top: the answer goes the general way. */
const DECLINE = 'zipkin-scan: not taken';
/** Deeper than any Zipkin record nests (a record, a tags object, an unknown field's value). */
const MAX_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

// Which record field a key names, found from its length and first byte, then checked whole.
const F_UNKNOWN = 0;
const F_TRACE_ID = 1;
const F_ID = 2;
const F_PARENT_ID = 3;
const F_KIND = 4;
const F_NAME = 5;
const F_TIMESTAMP = 6;
const F_DURATION = 7;
const F_LOCAL = 8;
const F_REMOTE = 9;
const F_ANNOTATIONS = 10;
const F_TAGS = 11;
const F_SHARED = 12;
const E_SERVICE = 13;
const E_IPV4 = 14;
const E_IPV6 = 15;
const E_PORT = 16;
const A_TIMESTAMP = 17;
const A_VALUE = 18;

// Per field, the value read last: a trace repeats its trace id, kinds and names record after
// record, and comparing with the last one (bytes close by) is cheaper than the table lookup.
const NO_MEMO = -1;
const M_TRACE_ID = 0;
const M_KIND = 1;
const M_NAME = 2;
const M_SERVICE = 3;
const M_TAG_KEY = 4;
const M_TAG_VALUE = 5;
const MEMOS = 6;

const FIELD_NAMES: readonly [string, number][] = [
  ['traceId', F_TRACE_ID],
  ['id', F_ID],
  ['parentId', F_PARENT_ID],
  ['kind', F_KIND],
  ['name', F_NAME],
  ['timestamp', F_TIMESTAMP],
  ['duration', F_DURATION],
  ['localEndpoint', F_LOCAL],
  ['remoteEndpoint', F_REMOTE],
  ['annotations', F_ANNOTATIONS],
  ['tags', F_TAGS],
  ['shared', F_SHARED],
];
const ENDPOINT_NAMES: readonly [string, number][] = [
  ['serviceName', E_SERVICE],
  ['ipv4', E_IPV4],
  ['ipv6', E_IPV6],
  ['port', E_PORT],
];
const ANNOTATION_NAMES: readonly [string, number][] = [
  ['timestamp', A_TIMESTAMP],
  ['value', A_VALUE],
];

function asciiCodes(names: readonly [string, number][]): [Uint8Array, number][] {
  return names.map(([name, field]) => [Uint8Array.from(name, (c) => c.charCodeAt(0)), field]);
}
const FIELDS = asciiCodes(FIELD_NAMES);
/** Each record field's name with its quotes, by field number (F_TRACE_ID …), for quotedNameAt. */
const QUOTED_FIELDS: Uint8Array[] = [];
for (const [name, field] of FIELD_NAMES) QUOTED_FIELDS[field] = Uint8Array.from(`"${name}"`, (c) => c.charCodeAt(0));
const ENDPOINT_FIELDS = asciiCodes(ENDPOINT_NAMES);
const ANNOTATION_FIELDS = asciiCodes(ANNOTATION_NAMES);


export function scanZipkinTrace(body: Uint8Array): ScannedZipkin | undefined {
  try {
    return new Scanner(body).trace();
  } catch (error) {
    if (isRefusal(error)) return undefined;
    throw error;
  }
}

/** Anything the scanner did not expect — its own refusal, or a RangeError from bytes that are not UTF-8 — sends the answer the general way, which says what is wrong with it. */
function isRefusal(error: unknown): boolean {
  return error === DECLINE || error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError;
}

/**
 * The same scan while the answer arrives: `body` is the whole answer's buffer (its length
 * announced), zero past the bytes in so far; `arrived(n)` reads the records that lie wholly
 * within the first n bytes, so that by the last byte most of a large trace is read (on a
 * network, the scan takes no time of its own). `finish()`, once every byte is in, gives
 * exactly what scanZipkinTrace(body) gives.
 *
 * A record that runs past the bytes in stops on a zero byte, which no JSON token and no
 * string in the scanner's reach may contain: it is read again from its start when more has
 * come. Whatever it met on the way (a string, an endpoint, an id) was read whole from bytes
 * that had arrived, so what the tables learnt stays true.
 */
export class ZipkinScanProgress {
  private readonly scanner: Scanner;
  private failed = false;
  /** Where to try again: a record that stopped short is not tried before this many bytes are in. */
  private retryAt = 0;

  constructor(private readonly body: Uint8Array) {
    this.scanner = new Scanner(body);
  }

  arrived(filled: number): void {
    if (this.failed || filled < this.retryAt || filled >= this.body.length) return;
    this.attempts += 1;
    try {
      if (!this.scanner.stepWithin()) {
        // Stopped short: wait for as much again as the record read so far, so one long record
        // is not re-read at every chunk (the re-reading stays linear in the answer's size).
        this.retryAt = filled + Math.max(filled - this.scanner.position, 4096);
      }
    } catch {
      // Not a refusal: a fault of the scanner's own. finish() reads the whole answer afresh, and meets it there.
      this.failed = true;
    }
  }

  private attempts = 0;

  /** How often it read on, for a look at its cost: not at every chunk while one long record comes in. */
  get tries(): number {
    return this.attempts;
  }

  /** Records read whole so far. */
  get records(): number {
    return this.scanner.records;
  }

  finish(): ScannedZipkin | undefined {
    if (this.failed) return scanZipkinTrace(this.body);
    try {
      return this.scanner.trace();
    } catch (error) {
      if (isRefusal(error)) return undefined;
      throw error;
    }
  }
}

// Where the top level of the answer is: before its `[`, before a record, after its `]`.
const AT_START = 0;
const AT_RECORD = 1;
const AT_END = 2;

class Scanner {
  private i = 0;
  private stage = AT_START;
  private readonly out = new Columns();
  private readonly strings: Interner<string>;
  private readonly endpoints: Interner<ZipkinEndpoint>;
  private readonly ids = new HexIds();
  /** Per record field (F_UNKNOWN for a record's start), the field that followed it last. */
  private readonly nextField = new Uint8Array(F_SHARED + 1);
  private readonly memoStart = new Int32Array(MEMOS);
  private readonly memoLength = new Int32Array(MEMOS).fill(-1);
  private readonly memoText: string[] = new Array<string>(MEMOS).fill('');

  constructor(private readonly b: Uint8Array) {
    this.strings = new Interner<string>(b);
    this.endpoints = new Interner<ZipkinEndpoint>(b);
  }

  /** Where the next step starts: after the last record read whole (its comma included). */
  get position(): number {
    return this.i;
  }

  get records(): number {
    return this.out.count;
  }

  /** The rest of the answer, from where the steps so far left off. */
  trace(): ScannedZipkin | undefined {
    while (this.stage !== AT_END) this.step();
    const b = this.b;
    this.space();
    if (this.i !== b.length) throw DECLINE;
    return this.out.count === 0 ? undefined : this.out.done();
  }

  /**
   * Steps while the bytes in allow: true when it read all of them, false when a step ran into
   * bytes not yet arrived (zeros) and was undone, to be taken again when more has come. A step
   * refused for a real fault is undone too: finish() meets it again with every byte in and decides.
   */
  stepWithin(): boolean {
    while (this.stage !== AT_END) {
      const i = this.i;
      const stage = this.stage;
      const count = this.out.count;
      try {
        this.step();
      } catch (error) {
        if (!isRefusal(error)) throw error;
        // Undone whole: the place, the stage, and a record read before the comma that did not follow.
        this.i = i;
        this.stage = stage;
        this.out.truncate(count);
        return false;
      }
    }
    return true;
  }

  /** One step of the top level: the opening bracket, one record, or the closing bracket. */
  private step(): void {
    const b = this.b;
    this.space();
    switch (this.stage) {
      case AT_START:
        if (b[this.i] !== OPEN_ARRAY) throw DECLINE;
        this.i += 1;
        this.space();
        // Not decided on a byte not yet arrived (a zero: never valid here either).
        if (b[this.i] === 0) throw DECLINE;
        if (b[this.i] === CLOSE_ARRAY) {
          this.i += 1;
          this.stage = AT_END;
        } else {
          this.stage = AT_RECORD;
        }
        return;
      case AT_RECORD: {
        this.record(this.out);
        this.space();
        const c = b[this.i++];
        if (c === CLOSE_ARRAY) this.stage = AT_END;
        else if (c !== COMMA) throw DECLINE;
        return;
      }
      default:
        return;
    }
  }

  private record(out: Columns): void {
    const b = this.b;
    if (b[this.i] !== OPEN_OBJECT) throw DECLINE;
    this.i += 1;
    let traceId: string | undefined;
    let id: string | undefined;
    let parentId: string | undefined;
    let kind: string | undefined;
    let name: string | undefined;
    let timestamp = Number.NaN;
    let duration = Number.NaN;
    let shared = SHARED_ABSENT;
    let local: ZipkinEndpoint | undefined;
    let remote: ZipkinEndpoint | undefined;
    let annotations: ZipkinAnnotation[] | undefined;
    let tags: Record<string, string> | undefined;
    let previous = F_UNKNOWN;
    this.space();
    if (b[this.i] === CLOSE_OBJECT) {
      this.i += 1;
    } else {
      for (;;) {
        this.space();
        // Records write their fields in one order: the field that came after this one last
        // time is tried first, by its bytes (the quoted name) in place.
        const guess = this.nextField[previous]!;
        const field = guess !== F_UNKNOWN && this.quotedNameAt(guess) ? guess : this.key(FIELDS);
        this.nextField[previous] = field;
        previous = field;
        this.colon();
        // Last one wins when a key repeats, as in JSON.parse.
        switch (field) {
          case F_TRACE_ID:
            traceId = this.string(M_TRACE_ID);
            break;
          case F_ID:
            id = this.id();
            break;
          case F_PARENT_ID:
            parentId = this.id();
            break;
          case F_KIND:
            kind = this.string(M_KIND);
            break;
          case F_NAME:
            name = this.string(M_NAME);
            break;
          case F_TIMESTAMP:
            timestamp = this.number();
            break;
          case F_DURATION:
            duration = this.number();
            break;
          case F_LOCAL:
            local = this.endpoint();
            break;
          case F_REMOTE:
            remote = this.endpoint();
            break;
          case F_ANNOTATIONS:
            annotations = this.annotations();
            break;
          case F_TAGS:
            tags = this.tags();
            break;
          case F_SHARED:
            shared = this.boolean() ? SHARED_TRUE : SHARED_FALSE;
            break;
          default:
            // A field the model does not read (`debug`, a vendor's own): checked as JSON, then passed over.
            this.skipValue(0);
        }
        this.space();
        const c = b[this.i++];
        if (c === CLOSE_OBJECT) break;
        if (c !== COMMA) throw DECLINE;
      }
    }
    // The schema's two required fields.
    if (traceId === undefined || traceId === '' || id === undefined || id === '') throw DECLINE;
    out.push(traceId, id, parentId, kind, name, timestamp, duration, shared, local, remote, annotations, tags);
  }

  private endpoint(): ZipkinEndpoint {
    const b = this.b;
    const start = this.i;
    if (b[this.i] !== OPEN_OBJECT) throw DECLINE;
    // Most endpoints were met before (one per host): look the bytes up to the first `}` up
    // first. Equal to bytes read whole before, they are that endpoint; a `}` inside a string
    // gives a shorter range that matches nothing, and the fields are read one by one below.
    let end = start;
    let hash = FNV_OFFSET;
    let closed = false;
    for (;;) {
      const c = b[end];
      // A zero (a byte not yet arrived, or no JSON at all) ends the look: the fields are read below, and refuse it.
      if (c === undefined || c === 0) break;
      hash = Math.imul(hash ^ c, FNV_PRIME);
      end += 1;
      if (c === CLOSE_OBJECT) {
        closed = true;
        break;
      }
    }
    const seen = closed ? this.endpoints.at(this.endpoints.find(start, end, hash)) : undefined;
    if (seen !== undefined) {
      this.i = end;
      return seen;
    }
    this.i += 1;
    let serviceName: string | undefined;
    let ipv4: string | undefined;
    let ipv6: string | undefined;
    let port: number | undefined;
    this.space();
    if (b[this.i] === CLOSE_OBJECT) {
      this.i += 1;
    } else {
      for (;;) {
        this.space();
        const field = this.key(ENDPOINT_FIELDS);
        this.colon();
        if (field === E_SERVICE) serviceName = this.string(M_SERVICE);
        else if (field === E_IPV4) ipv4 = this.string(NO_MEMO);
        else if (field === E_IPV6) ipv6 = this.string(NO_MEMO);
        else if (field === E_PORT) port = this.number();
        else throw DECLINE;
        this.space();
        const c = b[this.i++];
        if (c === CLOSE_OBJECT) break;
        if (c !== COMMA) throw DECLINE;
      }
    }
    // Equal bytes, equal endpoint: one object for every record of a host.
    const slot = this.endpoints.find(start, this.i, hashBytes(b, start, this.i));
    const known = this.endpoints.at(slot);
    if (known !== undefined) return known;
    const endpoint: ZipkinEndpoint = {};
    if (serviceName !== undefined) endpoint.serviceName = serviceName;
    if (ipv4 !== undefined) endpoint.ipv4 = ipv4;
    if (ipv6 !== undefined) endpoint.ipv6 = ipv6;
    if (port !== undefined) endpoint.port = port;
    this.endpoints.put(slot, start, this.i, endpoint);
    return endpoint;
  }

  private annotations(): ZipkinAnnotation[] {
    const b = this.b;
    if (b[this.i] !== OPEN_ARRAY) throw DECLINE;
    this.i += 1;
    const list: ZipkinAnnotation[] = [];
    this.space();
    if (b[this.i] === CLOSE_ARRAY) {
      this.i += 1;
      return list;
    }
    for (;;) {
      this.space();
      if (b[this.i] !== OPEN_OBJECT) throw DECLINE;
      this.i += 1;
      let timestamp: number | undefined;
      let value: string | undefined;
      this.space();
      if (b[this.i] !== CLOSE_OBJECT) {
        for (;;) {
          this.space();
          const field = this.key(ANNOTATION_FIELDS);
          this.colon();
          if (field === A_TIMESTAMP) timestamp = this.number();
          else if (field === A_VALUE) value = this.string(NO_MEMO);
          else throw DECLINE;
          this.space();
          const c = b[this.i];
          if (c === CLOSE_OBJECT) break;
          if (c !== COMMA) throw DECLINE;
          this.i += 1;
        }
      }
      this.i += 1;
      if (timestamp === undefined || value === undefined) throw DECLINE;
      list.push({ timestamp, value });
      this.space();
      const c = b[this.i++];
      if (c === CLOSE_ARRAY) return list;
      if (c !== COMMA) throw DECLINE;
    }
  }

  private tags(): Record<string, string> {
    const b = this.b;
    if (b[this.i] !== OPEN_OBJECT) throw DECLINE;
    this.i += 1;
    const tags: Record<string, string> = {};
    this.space();
    if (b[this.i] === CLOSE_OBJECT) {
      this.i += 1;
      return tags;
    }
    for (;;) {
      this.space();
      const key = this.string(M_TAG_KEY);
      // JSON.parse makes "__proto__" an own key; an assignment would set the prototype instead.
      if (key === '__proto__') throw DECLINE;
      this.colon();
      tags[key] = this.string(M_TAG_VALUE);
      this.space();
      const c = b[this.i++];
      if (c === CLOSE_OBJECT) return tags;
      if (c !== COMMA) throw DECLINE;
    }
  }

  /** True (and past it) if the bytes here are `field`'s name in quotes. */
  private quotedNameAt(field: number): boolean {
    const b = this.b;
    const name = QUOTED_FIELDS[field]!;
    const at = this.i;
    for (let k = 0; k < name.length; k += 1) if (b[at + k] !== name[k]) return false;
    this.i = at + name.length;
    return true;
  }

  /** A field name among `names`, or F_UNKNOWN for any other well-formed name without escapes. */
  private key(names: readonly [Uint8Array, number][]): number {
    const b = this.b;
    if (b[this.i] !== QUOTE) throw DECLINE;
    const start = this.i + 1;
    let end = start;
    for (;;) {
      const c = b[end];
      if (c === QUOTE) break;
      if (c === undefined || c === BACKSLASH || c < 0x20) throw DECLINE;
      end += 1;
    }
    this.i = end + 1;
    const length = end - start;
    for (let n = 0; n < names.length; n += 1) {
      const [name, field] = names[n]!;
      if (name.length !== length || name[0] !== b[start]) continue;
      let k = 1;
      while (k < length && b[start + k] === name[k]) k += 1;
      if (k === length) return field;
    }
    // Unknown names are allowed in a record (and passed over), but must be UTF-8 all the same.
    for (let k = start; k < end; k += 1) {
      if (b[k]! >= 0x80) {
        decodeUtf8Strict(b.subarray(start, end));
        break;
      }
    }
    return F_UNKNOWN;
  }

  private colon(): void {
    this.space();
    if (this.b[this.i] !== COLON) throw DECLINE;
    this.i += 1;
    this.space();
  }

  private space(): void {
    const b = this.b;
    let i = this.i;
    for (;;) {
      const c = b[i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i += 1;
      else break;
    }
    this.i = i;
  }

  /** A string value; null or anything else declines. `memo`: which field's last value to try first. */
  private string(memo: number): string {
    const b = this.b;
    if (b[this.i] !== QUOTE) throw DECLINE;
    const start = this.i + 1;
    if (memo >= 0) {
      // The field's last value, compared in place before any hashing: records repeat their
      // trace id, kind, name and service one after another. It was plain printable ASCII
      // (no quote, no backslash), so equal bytes and a closing quote are that same string.
      const length = this.memoLength[memo]!;
      if (length >= 0 && b[start + length] === QUOTE) {
        const at = this.memoStart[memo]!;
        let k = 0;
        while (k < length && b[at + k] === b[start + k]) k += 1;
        if (k === length) {
          this.i = start + length + 1;
          return this.memoText[memo]!;
        }
      }
    }
    let end = start;
    // The interner's hash, taken on the way (FNV-1a): the bytes are read once.
    let hash = FNV_OFFSET;
    for (;;) {
      const c = b[end]!;
      // Every byte that is not plain printable ASCII (and the end of the body: undefined) in one test.
      if (c >= 0x80 || c < 0x20 || c === BACKSLASH || c === QUOTE || c === undefined) {
        if (c === QUOTE) break;
        return this.unusualString(start);
      }
      hash = Math.imul(hash ^ c, FNV_PRIME);
      end += 1;
    }
    this.i = end + 1;
    const length = end - start;
    const slot = this.strings.find(start, end, hash);
    let text = this.strings.at(slot);
    if (text === undefined) {
      text = latin1(b, start, end);
      this.strings.put(slot, start, end, text);
    }
    if (memo >= 0) {
      this.memoStart[memo] = start;
      this.memoLength[memo] = length;
      this.memoText[memo] = text;
    }
    return text;
  }

  /**
   * A span id. Zipkin's are 16 lower-case hex digits: those are looked up by their value (two
   * 32-bit halves, compared in the table itself) instead of their bytes, which lie far back in
   * the body by the time a child names its parent. Any other id is a string like the rest.
   */
  private id(): string {
    const b = this.b;
    const start = this.i + 1;
    if (b[this.i] !== QUOTE || b[start + 16] !== QUOTE) return this.string(NO_MEMO);
    let hi = 0;
    let lo = 0;
    for (let k = 0; k < 16; k += 1) {
      const c = b[start + k]!;
      const digit = c >= ZERO && c <= NINE ? c - ZERO : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
      if (digit < 0) return this.string(NO_MEMO);
      if (k < 8) hi = (hi << 4) | digit;
      else lo = (lo << 4) | digit;
    }
    this.i = start + 17;
    const ids = this.ids;
    const slot = ids.find(hi, lo);
    const known = ids.at(slot);
    if (known !== undefined) return known;
    const text = String.fromCharCode(
      b[start]!, b[start + 1]!, b[start + 2]!, b[start + 3]!, b[start + 4]!, b[start + 5]!, b[start + 6]!, b[start + 7]!,
      b[start + 8]!, b[start + 9]!, b[start + 10]!, b[start + 11]!, b[start + 12]!, b[start + 13]!, b[start + 14]!, b[start + 15]!,
    );
    ids.put(slot, hi, lo, text);
    return text;
  }

  /** A string with escapes or UTF-8 (rare in a trace): JSON.parse reads and checks this one string. */
  private unusualString(start: number): string {
    const b = this.b;
    let end = start;
    for (;;) {
      const c = b[end];
      if (c === QUOTE) break;
      if (c === undefined || c < 0x20) throw DECLINE;
      end += c === BACKSLASH ? 2 : 1;
    }
    this.i = end + 1;
    const text: unknown = JSON.parse(decodeUtf8Strict(b.subarray(start - 1, end + 1)));
    if (typeof text !== 'string') throw DECLINE;
    return text;
  }

  private boolean(): boolean {
    const b = this.b;
    const i = this.i;
    if (b[i] === 0x74 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) {
      this.i = i + 4;
      return true;
    }
    if (b[i] === 0x66 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65) {
      this.i = i + 5;
      return false;
    }
    throw DECLINE;
  }

  /**
   * A JSON number, finite, converted exactly as JSON.parse converts it: whole numbers up to
   * 2^53 directly, anything else by Number() on its text, which rounds as JSON.parse does.
   * The grammar is JSON's, not Number()'s.
   */
  private number(): number {
    const b = this.b;
    const start = this.i;
    let i = start;
    if (b[i] === MINUS) i += 1;
    const digits = i;
    let value = 0;
    if (b[i] === ZERO) {
      i += 1;
    } else {
      while (i < b.length) {
        const c = b[i]!;
        if (c < ZERO || c > NINE) break;
        value = value * 10 + (c - ZERO);
        i += 1;
      }
    }
    if (i === digits) throw DECLINE;
    // Each step was exact while the total stayed within 2^53 (epoch microseconds are 16 digits).
    let whole = value <= Number.MAX_SAFE_INTEGER;
    if (b[i] === DOT) {
      whole = false;
      i += 1;
      const from = i;
      while (b[i]! >= ZERO && b[i]! <= NINE) i += 1;
      if (i === from) throw DECLINE;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      whole = false;
      i += 1;
      if (b[i] === PLUS || b[i] === MINUS) i += 1;
      const from = i;
      while (b[i]! >= ZERO && b[i]! <= NINE) i += 1;
      if (i === from) throw DECLINE;
    }
    this.i = i;
    if (whole) return b[start] === MINUS ? -value : value;
    const converted = Number(latin1(b, start, i));
    // The schema takes finite numbers only (1e400 is Infinity): the general path says so.
    if (!Number.isFinite(converted)) throw DECLINE;
    return converted;
  }

  /** Any JSON value, checked and passed over. */
  private skipValue(depth: number): void {
    if (depth > MAX_DEPTH) throw DECLINE;
    const b = this.b;
    const c = b[this.i];
    if (c === QUOTE) {
      this.string(NO_MEMO);
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const object = c === OPEN_OBJECT;
      const close = object ? CLOSE_OBJECT : CLOSE_ARRAY;
      this.i += 1;
      this.space();
      if (b[this.i] === close) {
        this.i += 1;
        return;
      }
      for (;;) {
        this.space();
        if (object) {
          this.string(NO_MEMO);
          this.colon();
        }
        this.skipValue(depth + 1);
        this.space();
        const next = b[this.i++];
        if (next === close) return;
        if (next !== COMMA) throw DECLINE;
      }
    } else if (c === 0x74 || c === 0x66) {
      this.boolean();
    } else if (c === 0x6e && b[this.i + 1] === 0x75 && b[this.i + 2] === 0x6c && b[this.i + 3] === 0x6c) {
      this.i += 4;
    } else {
      this.number();
    }
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let k = start; k < end; k += 1) h = Math.imul(h ^ b[k]!, FNV_PRIME);
  return h;
}

/** Text of plain ASCII bytes. */
function latin1(b: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length <= 64) return String.fromCharCode.apply(null, b.subarray(start, end) as unknown as number[]);
  return decodeUtf8Strict(b.subarray(start, end));
}

/**
 * Byte ranges to the value made from them the first time: open addressing on an FNV-1a hash
 * of the bytes, compared byte for byte, grown as it fills. No key string is made to look up.
 * Each slot is four Int32s side by side (hash, start, length + 1 with 0 for empty, value
 * index), so a probe reads one cache line.
 */
class Interner<T> {
  private table = new Int32Array(4 << 12);
  private readonly values: T[] = [];
  private hash = 0;

  constructor(private readonly b: Uint8Array) {}

  /** The slot of the range's bytes (`h`: their hashBytes): holding them already, or free for them. */
  find(start: number, end: number, h: number): number {
    const b = this.b;
    const table = this.table;
    this.hash = h;
    const length = end - start;
    const mask = (table.length >> 2) - 1;
    let slot = h & mask;
    for (;;) {
      const at = slot << 2;
      const stored = table[at + 2]!;
      if (stored === 0) return slot;
      if (stored === length + 1 && table[at] === h) {
        const from = table[at + 1]!;
        let k = 0;
        while (k < length && b[from + k] === b[start + k]) k += 1;
        if (k === length) return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  at(slot: number): T | undefined {
    const at = slot << 2;
    return this.table[at + 2] === 0 ? undefined : this.values[this.table[at + 3]!];
  }

  /** Keeps `value` for the range `find` just looked up (its slot). */
  put(slot: number, start: number, end: number, value: T): void {
    const at = slot << 2;
    const table = this.table;
    table[at] = this.hash;
    table[at + 1] = start;
    table[at + 2] = end - start + 1;
    table[at + 3] = this.values.length;
    this.values.push(value);
    if (this.values.length * 2 > table.length >> 2) this.grow();
  }

  private grow(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = (table.length >> 2) - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 2] === 0) continue;
      let slot = old[at]! & mask;
      while (table[(slot << 2) + 2] !== 0) slot = (slot + 1) & mask;
      table.set(old.subarray(at, at + 4), slot << 2);
    }
    this.table = table;
  }
}

/** 64-bit span ids (as two 32-bit halves) to their text: open addressing, one cache line a probe. */
class HexIds {
  private table = new Int32Array(4 << 14);
  private readonly values: string[] = [];

  find(hi: number, lo: number): number {
    const table = this.table;
    const mask = (table.length >> 2) - 1;
    let slot = mix(hi, lo) & mask;
    for (;;) {
      const at = slot << 2;
      if (table[at + 2] === 0) return slot;
      if (table[at] === hi && table[at + 1] === lo) return slot;
      slot = (slot + 1) & mask;
    }
  }

  at(slot: number): string | undefined {
    const at = slot << 2;
    return this.table[at + 2] === 0 ? undefined : this.values[this.table[at + 3]!];
  }

  put(slot: number, hi: number, lo: number, text: string): void {
    const at = slot << 2;
    const table = this.table;
    table[at] = hi;
    table[at + 1] = lo;
    table[at + 2] = 1;
    table[at + 3] = this.values.length;
    this.values.push(text);
    if (this.values.length * 2 > table.length >> 2) this.grow();
  }

  private grow(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = (table.length >> 2) - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 2] === 0) continue;
      let slot = mix(old[at]!, old[at + 1]!) & mask;
      while (table[(slot << 2) + 2] !== 0) slot = (slot + 1) & mask;
      table.set(old.subarray(at, at + 4), slot << 2);
    }
    this.table = table;
  }
}

function mix(hi: number, lo: number): number {
  const h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 15);
}

/** The growing columns of ScannedZipkin. */
class Columns {
  count = 0;
  private readonly traceId: string[] = [];
  private readonly id: string[] = [];
  private readonly parentId: (string | undefined)[] = [];
  private readonly kind: (string | undefined)[] = [];
  private readonly name: (string | undefined)[] = [];
  private timestamp = new Float64Array(1024);
  private duration = new Float64Array(1024);
  private shared = new Uint8Array(1024);
  private readonly localEndpoint: (ZipkinEndpoint | undefined)[] = [];
  private readonly remoteEndpoint: (ZipkinEndpoint | undefined)[] = [];
  private readonly annotations: (ZipkinAnnotation[] | undefined)[] = [];
  private readonly tags: (Record<string, string> | undefined)[] = [];

  push(
    traceId: string,
    id: string,
    parentId: string | undefined,
    kind: string | undefined,
    name: string | undefined,
    timestamp: number,
    duration: number,
    shared: number,
    local: ZipkinEndpoint | undefined,
    remote: ZipkinEndpoint | undefined,
    annotations: ZipkinAnnotation[] | undefined,
    tags: Record<string, string> | undefined,
  ): void {
    const k = this.count;
    if (k === this.timestamp.length) {
      this.timestamp = grown(this.timestamp);
      this.duration = grown(this.duration);
      const flags = new Uint8Array(k * 2);
      flags.set(this.shared);
      this.shared = flags;
    }
    this.traceId.push(traceId);
    this.id.push(id);
    this.parentId.push(parentId);
    this.kind.push(kind);
    this.name.push(name);
    this.timestamp[k] = timestamp;
    this.duration[k] = duration;
    this.shared[k] = shared;
    this.localEndpoint.push(local);
    this.remoteEndpoint.push(remote);
    this.annotations.push(annotations);
    this.tags.push(tags);
    this.count = k + 1;
  }

  /** Drops the records from `count` on (a step undone). */
  truncate(count: number): void {
    if (count >= this.count) return;
    this.count = count;
    this.traceId.length = count;
    this.id.length = count;
    this.parentId.length = count;
    this.kind.length = count;
    this.name.length = count;
    this.localEndpoint.length = count;
    this.remoteEndpoint.length = count;
    this.annotations.length = count;
    this.tags.length = count;
  }

  done(): ScannedZipkin {
    const n = this.count;
    return {
      count: n,
      traceId: this.traceId,
      id: this.id,
      parentId: this.parentId,
      kind: this.kind,
      name: this.name,
      timestamp: this.timestamp.slice(0, n),
      duration: this.duration.slice(0, n),
      shared: this.shared.slice(0, n),
      localEndpoint: this.localEndpoint,
      remoteEndpoint: this.remoteEndpoint,
      annotations: this.annotations,
      tags: this.tags,
    };
  }
}

function grown(column: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const next = new Float64Array(column.length * 2);
  next.set(column);
  return next;
}
