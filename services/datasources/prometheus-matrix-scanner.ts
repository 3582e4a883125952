/** One series as the scanner read it: labels in the order sent (duplicates kept, last wins later), samples in columns. */
export interface ScannedSeries {
  labels: [string, string][];
  /** Epoch milliseconds. */
  times: Float64Array;
  /** As sent: NaN stays NaN, +Inf and −Inf are ±Infinity. */
  values: Float64Array;
}

export interface ScannedMatrix {
  series: ScannedSeries[];
  /** `warnings` then `infos`, as Prometheus 2.x and 3.x send them. */
  warnings: string[];
}

/**
 * The scanner's errors are plain Errors told apart by name, so that they cross a worker
 * boundary as data: a syntax or sample problem is final (`MatrixDecodeError`); a valid
 * answer of another shape (an error envelope, a vector, a field of an unexpected type)
 * is `MatrixNotScanned`, and the caller decodes it the general way (JSON.parse + zod).
 */
export const SCAN_ERROR = 'MatrixDecodeError';
export const NOT_SCANNED = 'MatrixNotScanned';

export interface MatrixScanner {
  /** Reads a `query_range` answer straight from its bytes into typed arrays, validating as it goes. */
  scan(body: Uint8Array): ScannedMatrix;
  /**
   * One decoded `[time, "value"]` point as [epoch ms, value], or a MatrixDecodeError
   * naming the series and point. The general decoder uses it too, so both accept exactly
   * the same samples.
   */
  samplePoint(point: unknown, series: number, index: number): [number, number];
  /** A sample's text as Prometheus writes it (Go's strconv): a decimal, NaN, +Inf, −Inf; null if it is not one. */
  sampleValue(text: string): number | null;
  /** Where `text` stops being JSON, as a MatrixDecodeError sentence; null when it is valid JSON. */
  jsonSyntaxError(body: Uint8Array): string | null;
}

/**
 * Builds the scanner. Everything it needs is inside this one function, which refers to
 * nothing outside it and uses only functions and arrays (no classes, no imports): the
 * worker in prometheus-decode-worker.ts runs it from its own source text, so it stays
 * one self-contained piece of code.
 *
 * Why a hand-written scanner: JSON.parse of a 500 × 1,440 answer builds over two million
 * JS values (every point an array, every value a string) only for them to be thrown
 * away; reading the bytes once into Float64Arrays is several times faster and holds 16
 * bytes a point. Numbers are converted exactly as JSON.parse and Number() would (correctly
 * rounded); the shortcuts below are the classic ones and fall back to Number() whenever
 * they cannot prove the result.
 */
export function createMatrixScanner(): MatrixScanner {
  const QUOTE = 0x22;
  const BACKSLASH = 0x5c;
  const COMMA = 0x2c;
  const COLON = 0x3a;
  const OPEN_ARRAY = 0x5b;
  const CLOSE_ARRAY = 0x5d;
  const OPEN_OBJECT = 0x7b;
  const CLOSE_OBJECT = 0x7d;
  const MAX_DEPTH = 400;
  // The same names as SCAN_ERROR and NOT_SCANNED: this function may not refer to anything outside it.
  const DECODE_ERROR = 'MatrixDecodeError';
  const NOT_A_MATRIX = 'MatrixNotScanned';

  // Exact powers: 10^k and 5^k for k ≤ 22 are exact doubles, and so are 2^k.
  const P10: number[] = [];
  const P5: number[] = [];
  const P2: number[] = [];
  for (let k = 0, ten = 1, five = 1, two = 1; k <= 22; k += 1, ten *= 10, five *= 5, two *= 2) {
    P10.push(ten);
    P5.push(five);
    P2.push(two);
  }
  // Veltkamp halves of 5^k, for the exact products below.
  const SPLITTER = 134_217_729; // 2^27 + 1
  const P5_HI = P5.map((p) => {
    const c = SPLITTER * p;
    return c - (c - p);
  });
  const P5_LO = P5.map((p, k) => p - P5_HI[k]!);

  // Always a Buffer, so every read of it sees one kind of array (V8 keeps such reads fast).
  const EMPTY = Buffer.alloc(0);
  let buf: Buffer = EMPTY;
  let len = 0;
  let pos = 0;
  /** Where the scanner is, for error sentences: keys and indexes from the top. */
  let path: (string | number)[] = [];
  /** Index of the sample being read when inside `values` (kept apart from `path`: pushing per point is too slow). */
  let pointIndex = -1;
  let depth = 0;
  // Every series' points go one after another into these, then into two exact arrays at
  // the end, which each series views: two allocations per answer rather than two per series.
  let scratchTimes = new Float64Array(2048);
  let scratchValues = new Float64Array(2048);
  /** Points written to the scratch columns in this scan. */
  let filled = 0;
  type Pending = { labels: [string, string][]; start: number; count: number };
  /** Set by `decimal` when the text is not a number it can read; the caller then takes the general path. */
  let decimalFailed = false;

  function named(name: string, message: string): Error {
    const error = new Error(message);
    error.name = name;
    return error;
  }

  function notScanned(why: string): Error {
    return named(NOT_A_MATRIX, why);
  }

  function where(): string {
    let out = '';
    for (const part of path) out += typeof part === 'number' ? `[${part}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) ? `${out ? '.' : ''}${part}` : `[${JSON.stringify(part)}]`;
    if (pointIndex >= 0) out += `[${pointIndex}]`;
    return out || 'the top level';
  }

  function found(): string {
    const c = buf[pos]!;
    if (c >= 0x21 && c <= 0x7e) return `'${String.fromCharCode(c)}'`;
    return `byte 0x${c.toString(16).padStart(2, '0')}`;
  }

  function count(n: number): string {
    return n.toLocaleString('en-US');
  }

  /** A syntax error at `pos`: a cut-off answer when the bytes ran out, else what was there instead. */
  function syntax(expected: string): Error {
    if (pos >= len) {
      return named(
        DECODE_ERROR,
        len === 0
          ? 'an empty answer where JSON was expected'
          : `an answer cut off after ${count(len)} bytes (in ${where()}, where ${expected} was expected); the connection dropped or something in between cut it short: retry, or narrow the query or time range`,
      );
    }
    return named(DECODE_ERROR, `malformed JSON at byte ${count(pos)} (in ${where()}): expected ${expected} but found ${found()}`);
  }

  function ws(): void {
    let c = buf[pos];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = buf[++pos];
  }

  function expect(byte: number, what: string): void {
    ws();
    if (buf[pos] !== byte) throw syntax(what);
    pos += 1;
  }

  /** Skips a string at `pos` (its opening quote), checking escapes; returns whether it had any. */
  function skipString(): boolean {
    pos += 1;
    let escaped = false;
    for (;;) {
      const c = buf[pos];
      if (c === QUOTE) {
        pos += 1;
        return escaped;
      }
      if (c === undefined) throw syntax("'\"' closing the string");
      if (c < 0x20) throw syntax('a character allowed in a JSON string (control characters must be escaped)');
      if (c === BACKSLASH) {
        escaped = true;
        pos += 1;
        const e = buf[pos];
        if (e === 0x75) {
          for (let k = 1; k <= 4; k += 1) {
            const h = buf[pos + k];
            const hex = h !== undefined && ((h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66));
            if (!hex) {
              pos += k;
              throw syntax('four hex digits after \\u');
            }
          }
          pos += 5;
        } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          pos += 1;
        } else {
          throw syntax('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u)');
        }
      } else {
        pos += 1;
      }
    }
  }

  /** Reads a string at `pos` as JSON.parse would (UTF-8, escapes, invalid bytes as U+FFFD). */
  function readString(): string {
    if (buf[pos] !== QUOTE) throw syntax('a string');
    const start = pos;
    const escaped = skipString();
    if (escaped) return JSON.parse(utf8(start, pos)) as string;
    return utf8(start + 1, pos - 1);
  }

  function utf8(start: number, end: number): string {
    return buf.toString('utf8', start, end);
  }

  function latin1(start: number, end: number): string {
    return buf.toString('latin1', start, end);
  }

  function skipLiteral(word: string): void {
    for (let k = 0; k < word.length; k += 1) {
      if (buf[pos] !== word.charCodeAt(k)) throw syntax(k === 0 ? 'a JSON value' : `'${word}'`);
      pos += 1;
    }
  }

  /** Skips one JSON value of any kind, checking its syntax; what an unknown field holds is never trusted, only stepped over. */
  function skipValue(): void {
    ws();
    const c = buf[pos];
    if (c === QUOTE) {
      skipString();
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > MAX_DEPTH) throw notScanned('nested too deeply to scan');
      if (c === OPEN_OBJECT) skipObject();
      else skipArray();
      depth -= 1;
    } else if (c === 0x74) {
      skipLiteral('true');
    } else if (c === 0x66) {
      skipLiteral('false');
    } else if (c === 0x6e) {
      skipLiteral('null');
    } else if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) {
      decimal(true);
      if (decimalFailed) throw syntax('a number');
    } else {
      throw syntax('a JSON value');
    }
  }

  /**
   * Walks the members of the object whose '{' is at `pos`, with `path` naming each while
   * `member` reads its value; `separator` is what a bad byte between members is told it
   * should have been. An empty object is left to the caller to refuse where it must.
   */
  function members(separator: string, member: (key: string) => void): void {
    pos += 1;
    ws();
    if (buf[pos] === CLOSE_OBJECT) {
      pos += 1;
      return;
    }
    for (;;) {
      ws();
      const key = readString();
      expect(COLON, "':'");
      ws();
      path.push(key);
      member(key);
      path.pop();
      ws();
      const c = buf[pos];
      if (c === COMMA) pos += 1;
      else if (c === CLOSE_OBJECT) {
        pos += 1;
        return;
      } else throw syntax(separator);
    }
  }

  /** As `members`, for the elements of the array whose '[' is at `pos`, each named by its index. */
  function elements(separator: string, element: (index: number) => void): void {
    pos += 1;
    ws();
    if (buf[pos] === CLOSE_ARRAY) {
      pos += 1;
      return;
    }
    for (let index = 0; ; index += 1) {
      ws();
      path.push(index);
      element(index);
      path.pop();
      ws();
      const c = buf[pos];
      if (c === COMMA) pos += 1;
      else if (c === CLOSE_ARRAY) {
        pos += 1;
        return;
      } else throw syntax(separator);
    }
  }

  function skipObject(): void {
    members("',' or '}'", skipValue);
  }

  function skipArray(): void {
    elements("',' or ']'", skipValue);
  }

  /**
   * Reads a decimal number at `pos`: JSON's grammar when `json`, else Go's (what
   * Prometheus writes inside sample strings: an optional '+', "5." and ".5"). On text
   * that is not such a number, sets `decimalFailed` and leaves `pos` where it stopped.
   * Every point goes through here twice, so it keeps its state in locals and reads
   * bytes past the end as 0 (no valid number continues with a NUL).
   */
  function decimal(json: boolean): number {
    // The common case, a plain decimal of at most 15 significant digits, in one pass;
    // anything else (an exponent, more digits, a doubtful byte) is read again below.
    decimalFailed = false;
    const b = buf;
    const n = len;
    let p = pos;
    let c = p < n ? b[p]! : 0;
    const negative = c === 0x2d;
    if (negative) c = ++p < n ? b[p]! : 0;
    if (c >= 0x30 && c <= 0x39) {
      // Digits from the first non-zero one on: `hi` holds 9, `lo` up to 8 more (both exact).
      let hi = 0;
      let lo = 0;
      let significant = 0;
      let fraction = 0;
      if (c === 0x30) {
        c = ++p < n ? b[p]! : 0;
        // "01" is not JSON, and Go's "007" is rare: both go the long way.
        if (c >= 0x30 && c <= 0x39) return generalDecimal(json);
      } else {
        do {
          if (significant < 9) hi = hi * 10 + (c - 0x30);
          else lo = lo * 10 + (c - 0x30);
          significant += 1;
          c = ++p < n ? b[p]! : 0;
        } while (c >= 0x30 && c <= 0x39);
      }
      if (c === 0x2e) {
        const point = p;
        c = ++p < n ? b[p]! : 0;
        while (c >= 0x30 && c <= 0x39) {
          if (significant >= 9) {
            lo = lo * 10 + (c - 0x30);
            significant += 1;
          } else {
            hi = hi * 10 + (c - 0x30);
            // Zeros before the first non-zero digit ("0.001") are not significant.
            if (hi !== 0) significant += 1;
          }
          c = ++p < n ? b[p]! : 0;
        }
        fraction = p - point - 1;
        // JSON wants a digit after the point; Go's "5." goes the long way.
        if (fraction === 0) return generalDecimal(json);
      }
      if (significant <= 17 && c !== 0x65 && c !== 0x45) {
        const loDigits = significant > 9 ? significant - 9 : 0;
        const value =
          significant <= 9 ? clinger(hi, -fraction) : significant <= 15 ? clinger(hi * P10[loDigits]! + lo, -fraction) : longMantissa(hi * P10[loDigits]!, lo, -fraction);
        if (value === value) {
          pos = p;
          return negative ? -value : value;
        }
      }
    }
    return generalDecimal(json);
  }

  function generalDecimal(json: boolean): number {
    const b = buf;
    const n = len;
    const start = pos;
    let p = pos;
    let c = p < n ? b[p]! : 0;
    let negative = false;
    if (c === 0x2d) {
      negative = true;
      c = ++p < n ? b[p]! : 0;
    } else if (c === 0x2b && !json) {
      c = ++p < n ? b[p]! : 0;
    }
    // The digits, leading and trailing zeros aside: `hi` holds the first 9, `lo` up to 8
    // more; `zeros` are held back until a non-zero digit follows (trailing zeros only
    // move the exponent).
    let hi = 0;
    let lo = 0;
    let loDigits = 0;
    let significant = 0;
    let zeros = 0;
    let tooLong = false;
    let digits = 0;
    let fraction = 0;
    let inFraction = false;
    if (json && c === 0x30) {
      digits = 1;
      c = ++p < n ? b[p]! : 0;
      if (c >= 0x30 && c <= 0x39) return failDecimal(p);
    }
    for (;;) {
      if (c >= 0x30 && c <= 0x39) {
        if (c === 0x30) {
          if (significant > 0) zeros += 1;
        } else {
          for (; zeros > 0; zeros -= 1) {
            significant += 1;
            if (significant <= 9) hi *= 10;
            else if (significant <= 17) {
              lo *= 10;
              loDigits += 1;
            } else tooLong = true;
          }
          significant += 1;
          if (significant <= 9) hi = hi * 10 + (c - 0x30);
          else if (significant <= 17) {
            lo = lo * 10 + (c - 0x30);
            loDigits += 1;
          } else tooLong = true;
        }
        digits += 1;
        if (inFraction) fraction += 1;
        c = ++p < n ? b[p]! : 0;
      } else if (c === 0x2e && !inFraction) {
        // JSON wants a digit on both sides of the point; Go accepts "5." and ".5".
        if (json && digits === 0) return failDecimal(p);
        inFraction = true;
        c = ++p < n ? b[p]! : 0;
        if (json && !(c >= 0x30 && c <= 0x39)) return failDecimal(p);
      } else break;
    }
    if (digits === 0) return failDecimal(p);
    let exponent = 0;
    if (c === 0x65 || c === 0x45) {
      c = ++p < n ? b[p]! : 0;
      let expNegative = false;
      if (c === 0x2d || c === 0x2b) {
        expNegative = c === 0x2d;
        c = ++p < n ? b[p]! : 0;
      }
      let expDigits = 0;
      while (c >= 0x30 && c <= 0x39) {
        if (expDigits < 6) exponent = exponent * 10 + (c - 0x30);
        else tooLong = true;
        expDigits += 1;
        c = ++p < n ? b[p]! : 0;
      }
      if (expDigits === 0) return failDecimal(p);
      if (expNegative) exponent = -exponent;
    }
    pos = p;
    if (significant === 0) return negative ? -0 : 0;
    if (!tooLong) {
      const e = zeros - fraction + exponent;
      const value = significant <= 15 ? clinger(significant <= 9 ? hi : hi * P10[loDigits]! + lo, e) : longMantissa(hi * P10[loDigits]!, lo, e);
      if (value === value) return negative ? -value : value;
    }
    // Exact, as JSON.parse would: only for the rare number the shortcuts cannot prove.
    return Number(latin1(start, p));
  }

  function failDecimal(at: number): number {
    pos = at;
    decimalFailed = true;
    return 0;
  }

  /** m × 10^e for an exact integer m < 10^15: one correctly rounded operation when 10^|e| is exact (Clinger). NaN if not. */
  function clinger(m: number, e: number): number {
    if (e === 0) return m;
    if (e < 0) return e >= -22 ? m / P10[-e]! : NaN;
    return e <= 22 ? m * P10[e]! : NaN;
  }

  /**
   * a + b (a 16- or 17-digit mantissa, a ≥ 10^15 > b, both exact) times 10^e, for
   * −22 ≤ e ≤ 0. The sum does not fit a double, so it is carried as two (Fast2Sum), the
   * quotient by 5^k corrected with the exact remainder (Dekker's product), and the result
   * accepted only when both ends of its error bound round to the same double. NaN if not.
   */
  function longMantissa(a: number, b: number, e: number): number {
    const s = a + b;
    const err = b - (s - a);
    if (e === 0) return s;
    if (e > 0 || e < -22) return NaN;
    const k = -e;
    const p = P5[k]!;
    const q = s / p;
    const product = q * p;
    const c = SPLITTER * q;
    const qHi = c - (c - q);
    const qLo = q - qHi;
    const productLo = qHi * P5_HI[k]! - product + qHi * P5_LO[k]! + qLo * P5_HI[k]! + qLo * P5_LO[k]!;
    const remainder = s - product - productLo + err;
    const correction = remainder / p;
    const slack = Math.abs(correction) * 2 ** -40 + Math.abs(q) * 2 ** -90;
    const low = q + (correction - slack);
    const high = q + (correction + slack);
    return low === high ? low / P2[k]! : NaN;
  }

  function readSampleString(): number {
    // `pos` is just inside the opening quote.
    const c = buf[pos];
    if (c === 0x4e && buf[pos + 1] === 0x61 && buf[pos + 2] === 0x4e && buf[pos + 3] === QUOTE) {
      pos += 4;
      return NaN;
    }
    if ((c === 0x2b || c === 0x2d || c === 0x49) && isInf(c === 0x49 ? pos : pos + 1)) {
      pos += c === 0x49 ? 4 : 5;
      return c === 0x2d ? -Infinity : Infinity;
    }
    const value = decimal(false);
    if (decimalFailed || buf[pos] !== QUOTE) {
      decimalFailed = true;
      return 0;
    }
    pos += 1;
    return value;
  }

  function isInf(at: number): boolean {
    return buf[at] === 0x49 && buf[at + 1] === 0x6e && buf[at + 2] === 0x66 && buf[at + 3] === QUOTE;
  }

  function sampleValue(sample: string): number | null {
    if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(sample)) return Number(sample);
    if (/^nan$/i.test(sample)) return NaN;
    const inf = /^([+-]?)inf(?:inity)?$/i.exec(sample);
    if (inf) return inf[1] === '-' ? -Infinity : Infinity;
    return null;
  }

  function badSample(series: number, index: number, why: string): Error {
    return named(DECODE_ERROR, `unexpected sample (series ${series}, point ${index}: ${why})`);
  }

  function samplePoint(point: unknown, series: number, index: number): [number, number] {
    if (!Array.isArray(point) || point.length !== 2) throw badSample(series, index, 'not a [time, "value"] pair');
    const [t, v] = point as [unknown, unknown];
    if (typeof t !== 'number' || typeof v !== 'string') throw badSample(series, index, 'time must be a number and value a string');
    const ms = Math.round(t * 1000);
    if (!Number.isFinite(ms)) throw badSample(series, index, `time ${t} is out of range`);
    const value = sampleValue(v);
    if (value === null) throw badSample(series, index, `value ${JSON.stringify(v.slice(0, 40))} is not a number`);
    return [ms, value];
  }

  /** A point the fast loop could not read: checked for syntax, then decoded the general way (which may accept it, or say why not). */
  function slowPoint(start: number, series: number): [number, number] {
    const index = pointIndex;
    pos = start;
    // While the generic skipper walks the point, the point is part of the path it reports.
    path.push(index);
    pointIndex = -1;
    skipValue();
    path.pop();
    pointIndex = index;
    return samplePoint(JSON.parse(utf8(start, pos)), series, index);
  }

  function grow(): void {
    const times = new Float64Array(scratchTimes.length * 2);
    const values = new Float64Array(scratchValues.length * 2);
    times.set(scratchTimes);
    values.set(scratchValues);
    scratchTimes = times;
    scratchValues = values;
  }

  /** `values` of series `series`: the loop every point goes through, so it reads the common shape without calls it can avoid. */
  function scanValues(series: number): { start: number; count: number } {
    pos += 1;
    ws();
    const first = filled;
    let n = filled;
    if (buf[pos] === CLOSE_ARRAY) {
      pos += 1;
      return { start: first, count: 0 };
    }
    // Locals for what the loop reads on every point; whitespace (which Prometheus never
    // sends) costs a call only where there is some.
    const b = buf;
    let times = scratchTimes;
    let values = scratchValues;
    for (;;) {
      if (b[pos]! <= 0x20) ws();
      const start = pos;
      let time = 0;
      let value = 0;
      let fast = false;
      if (b[pos] === OPEN_ARRAY) {
        pos += 1;
        if (b[pos]! <= 0x20) ws();
        const seconds = decimal(true);
        if (!decimalFailed) {
          if (b[pos]! <= 0x20) ws();
          if (b[pos] === COMMA) {
            pos += 1;
            if (b[pos]! <= 0x20) ws();
            if (b[pos] === QUOTE) {
              pos += 1;
              value = readSampleString();
              if (!decimalFailed) {
                if (b[pos]! <= 0x20) ws();
                if (b[pos] === CLOSE_ARRAY) {
                  pos += 1;
                  time = Math.round(seconds * 1000);
                  fast = time - time === 0;
                }
              }
            }
          }
        }
      }
      if (!fast) {
        pointIndex = n - first;
        [time, value] = slowPoint(start, series);
      }
      if (n === times.length) {
        grow();
        times = scratchTimes;
        values = scratchValues;
      }
      times[n] = time;
      values[n] = value;
      n += 1;
      if (b[pos]! <= 0x20) ws();
      const c = b[pos];
      if (c === COMMA) {
        pos += 1;
        continue;
      }
      if (c === CLOSE_ARRAY) {
        pos += 1;
        break;
      }
      pointIndex = n - 1 - first;
      throw syntax("',' or ']' after a sample");
    }
    pointIndex = -1;
    filled = n;
    return { start: first, count: n - first };
  }

  /** The scanned series' points copied into two arrays of exactly their size, each series a view of its part. */
  function finish(pending: Pending[]): ScannedSeries[] {
    let total = 0;
    for (const s of pending) total += s.count;
    const times = new Float64Array(total);
    const values = new Float64Array(total);
    let at = 0;
    return pending.map((s) => {
      times.set(scratchTimes.subarray(s.start, s.start + s.count), at);
      values.set(scratchValues.subarray(s.start, s.start + s.count), at);
      const series = { labels: s.labels, times: times.subarray(at, at + s.count), values: values.subarray(at, at + s.count) };
      at += s.count;
      return series;
    });
  }

  function scanMetric(): [string, string][] {
    const labels: [string, string][] = [];
    if (buf[pos] !== OPEN_OBJECT) throw notScanned('metric is not an object');
    members("',' or '}' between labels", (key) => {
      if (buf[pos] !== QUOTE) throw notScanned('a label value is not a string');
      labels.push([key, readString()]);
    });
    return labels;
  }

  function scanSeries(index: number): Pending {
    if (buf[pos] !== OPEN_OBJECT) throw notScanned('a series is not an object');
    let labels: [string, string][] | undefined;
    let columns: { start: number; count: number } | undefined;
    members("',' or '}' in a series", (key) => {
      if (key === 'metric') labels = scanMetric();
      else if (key === 'values') {
        if (buf[pos] !== OPEN_ARRAY) throw notScanned('values is not an array');
        columns = scanValues(index);
      } else skipValue();
    });
    if (!labels) throw notScanned('a series has no metric');
    return { labels, start: columns?.start ?? 0, count: columns?.count ?? 0 };
  }

  function scanResult(): Pending[] {
    const series: Pending[] = [];
    elements("',' or ']' between series", (index) => series.push(scanSeries(index)));
    return series;
  }

  function readStrings(): string[] {
    if (buf[pos] !== OPEN_ARRAY) throw notScanned('warnings are not a list');
    const out: string[] = [];
    elements("',' or ']'", () => {
      if (buf[pos] !== QUOTE) throw notScanned('a warning is not a string');
      out.push(readString());
    });
    return out;
  }

  /** True when the object at `pos` (its '{') has no members: a shape the scanner leaves to the general path. */
  function emptyObject(): boolean {
    let at = pos + 1;
    while (buf[at] === 0x20 || buf[at] === 0x0a || buf[at] === 0x0d || buf[at] === 0x09) at += 1;
    return buf[at] === CLOSE_OBJECT;
  }

  function scanData(): { resultType: string | undefined; series: Pending[] | undefined } {
    let resultType: string | undefined;
    let series: Pending[] | undefined;
    if (buf[pos] !== OPEN_OBJECT) throw notScanned('data is not an object');
    if (emptyObject()) throw notScanned('data is empty');
    members("',' or '}' in data", (key) => {
      if (key === 'resultType') {
        if (buf[pos] !== QUOTE) throw notScanned('resultType is not a string');
        resultType = readString();
        if (resultType !== 'matrix') throw notScanned(`a ${resultType} result`);
      } else if (key === 'result') {
        if (buf[pos] !== OPEN_ARRAY) throw notScanned('result is not a list');
        series = scanResult();
      } else skipValue();
    });
    return { resultType, series };
  }

  function scanTop(): ScannedMatrix {
    ws();
    // Not an object (a login page, a bare string, nothing): the general path words it best.
    if (buf[pos] !== OPEN_OBJECT) throw notScanned('not an object');
    if (emptyObject()) throw notScanned('an empty object');
    let status: string | undefined;
    let data: ReturnType<typeof scanData> | undefined;
    let warnings: string[] = [];
    let infos: string[] = [];
    members("',' or '}' at the top level", (key) => {
      if (key === 'status') {
        if (buf[pos] !== QUOTE) throw notScanned('status is not a string');
        status = readString();
        if (status !== 'success') throw notScanned(`status ${status}`);
      } else if (key === 'data') data = scanData();
      else if (key === 'warnings') warnings = readStrings();
      else if (key === 'infos') infos = readStrings();
      else skipValue();
    });
    ws();
    if (pos < len) throw syntax('nothing after the answer');
    if (status !== 'success' || data?.resultType !== 'matrix' || !data.series) throw notScanned('not a matrix answer');
    return { series: finish(data.series), warnings: [...warnings, ...infos] };
  }

  function begin(body: Uint8Array): void {
    buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    len = buf.length;
    pos = 0;
    path = [];
    pointIndex = -1;
    depth = 0;
    filled = 0;
    // Room for the points a body this size usually holds (Prometheus writes 20–30 bytes a point).
    const expected = Math.ceil(len / 20);
    if (scratchTimes.length < expected) {
      scratchTimes = new Float64Array(expected);
      scratchValues = new Float64Array(expected);
    }
  }

  function end(): void {
    buf = EMPTY;
    // The scratch columns (16 bytes a point) are kept for the next answer up to a million
    // points (16 MB): allocating them afresh for every large answer cost 6 ms and a GC. In
    // practice only the worker's scanner grows that far (large answers go there); an
    // answer larger still gets its own, dropped when it is done.
    if (scratchTimes.length > 1 << 20) {
      scratchTimes = new Float64Array(2048);
      scratchValues = new Float64Array(2048);
    }
  }

  function scan(body: Uint8Array): ScannedMatrix {
    begin(body);
    try {
      return scanTop();
    } finally {
      end();
    }
  }

  function jsonSyntaxError(body: Uint8Array): string | null {
    begin(body);
    try {
      skipValue();
      ws();
      if (pos < len) throw syntax('nothing after the answer');
      return null;
    } catch (error) {
      if (error instanceof Error && error.name === DECODE_ERROR) return error.message;
      return null;
    } finally {
      end();
    }
  }

  return { scan, samplePoint, sampleValue, jsonSyntaxError };
}
