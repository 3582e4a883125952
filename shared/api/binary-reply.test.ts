import { describe, expect, it } from 'vitest';
import { binaryReplyBody, binaryReplyId, binaryReplyParts, decodeBinaryReply, encodeBinaryReply } from './binary-reply';

const value = () => ({ format: 'x', strings: ['a', 'b'], count: 3, spanId: Int32Array.from([0, 1, -1]), start: Float64Array.from([0.5, Number.NaN, 1e15]), empty: new Int32Array(0) });

function frameOf(): ArrayBuffer {
  const bytes = encodeBinaryReply(7, value());
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The frame with its header replaced, the columns' bytes kept where they were. */
function withHeader(header: unknown, body = new Uint8Array(16)): ArrayBuffer {
  const text = new TextEncoder().encode(JSON.stringify(header));
  const start = (8 + text.byteLength + 7) & ~7;
  const out = new Uint8Array(start + body.byteLength);
  out.set([0x4c, 0x53, 0x42, 0x31]);
  new DataView(out.buffer).setUint32(4, text.byteLength, true);
  out.set(text, 8);
  out.set(body, start);
  return out.buffer;
}

describe('binary reply frames', () => {
  it('carry a reply’s number columns as their bytes, and everything else as JSON', () => {
    const decoded = decodeBinaryReply(frameOf());
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.message).toMatchObject({ type: 'reply', id: 7, reply: { ok: true } });
    const got = decoded.message.reply.value;
    expect(got.format).toBe('x');
    expect(got.strings).toEqual(['a', 'b']);
    expect(got.spanId).toBeInstanceOf(Int32Array);
    expect([...(got.spanId as Int32Array)]).toEqual([0, 1, -1]);
    expect(got.start).toBeInstanceOf(Float64Array);
    expect([...(got.start as Float64Array)]).toEqual([0.5, Number.NaN, 1e15]);
    expect((got.empty as Int32Array).length).toBe(0);
    // Every typed-array column of the value travelled as one, and nothing else did.
    expect(Object.keys(got).filter((key) => ArrayBuffer.isView(got[key]))).toEqual(['spanId', 'start', 'empty']);
    expect(binaryReplyId(frameOf())).toBe(7);
  });

  it('comes in parts that view the columns in place (no copy), one body serving every call id', () => {
    const v = value();
    const body = binaryReplyBody(v);
    const parts = binaryReplyParts(7, body);
    // Head, spanId (12 bytes) and its 4 bytes of padding, start (24 bytes); the empty column sends nothing.
    expect(parts.map((part) => part.byteLength)).toEqual([parts[0]!.byteLength, 12, 4, 24]);
    expect(parts[1]!.buffer).toBe(v.spanId.buffer);
    expect(parts[3]!.buffer).toBe(v.start.buffer);
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    parts.reduce((at, part) => (joined.set(part, at), at + part.byteLength), 0);
    expect(joined).toEqual(encodeBinaryReply(7, v));
    const again = binaryReplyParts(12, body);
    const frame = new Uint8Array(again.reduce((n, p) => n + p.byteLength, 0));
    again.reduce((at, part) => (frame.set(part, at), at + part.byteLength), 0);
    const decoded = decodeBinaryReply(frame.buffer);
    expect(decoded.ok && decoded.message.id).toBe(12);
    expect(decoded.ok && [...(decoded.message.reply.value.start as Float64Array)]).toEqual([0.5, Number.NaN, 1e15]);
    expect(() => binaryReplyParts(-1, body)).toThrow('a binary reply needs a call id, not -1');
  });

  it('refuses a frame that is cut short, foreign or lies about its columns, in words, without throwing', () => {
    const whole = new Uint8Array(frameOf());
    const cut = whole.slice(0, whole.byteLength - 4).buffer;
    expect(decodeBinaryReply(cut)).toEqual({ ok: false, problem: 'column "start" runs past the end of the frame — the answer was cut short' });
    expect(decodeBinaryReply(new TextEncoder().encode('{"type":"reply"}').buffer as ArrayBuffer)).toEqual({ ok: false, problem: 'it does not start as a Lockstep binary reply' });
    expect(decodeBinaryReply(new ArrayBuffer(3))).toMatchObject({ ok: false });
    const lying = (columns: unknown, extra: Record<string, unknown> = {}) => decodeBinaryReply(withHeader({ id: 1, value: {}, columns, ...extra }));
    expect(lying([{ key: '__proto__', type: 'i32', offset: 0, length: 1 }])).toMatchObject({ ok: false, problem: expect.stringMatching(/bad or repeated name/) });
    expect(lying([{ key: 'constructor', type: 'i32', offset: 0, length: 1 }])).toMatchObject({ ok: false });
    expect(lying([{ key: 'a', type: 'i32', offset: 0, length: 1 }, { key: 'a', type: 'i32', offset: 8, length: 1 }])).toMatchObject({ ok: false, problem: expect.stringMatching(/repeated/) });
    expect(lying([{ key: 'a', type: 'u8', offset: 0, length: 1 }])).toEqual({ ok: false, problem: 'column "a" has an unknown type' });
    expect(lying([{ key: 'a', type: 'f64', offset: 4, length: 1 }])).toEqual({ ok: false, problem: 'column "a" has a bad place in the frame' });
    expect(lying([{ key: 'a', type: 'f64', offset: -8, length: 1 }])).toMatchObject({ ok: false });
    expect(lying([{ key: 'a', type: 'f64', offset: 0, length: 3 }])).toMatchObject({ ok: false, problem: expect.stringMatching(/runs past the end/) });
    expect(lying({})).toEqual({ ok: false, problem: 'it lists no columns' });
    expect(decodeBinaryReply(withHeader({ value: {}, columns: [] }))).toEqual({ ok: false, problem: 'it names no call' });
    expect(decodeBinaryReply(withHeader({ id: 1, value: [], columns: [] }))).toEqual({ ok: false, problem: 'it carries no value' });
    // A header length past the end, and a header that is not UTF-8.
    const long = new Uint8Array(frameOf());
    new DataView(long.buffer).setUint32(4, 1e9, true);
    expect(decodeBinaryReply(long.buffer)).toEqual({ ok: false, problem: 'its header runs past its end' });
    const garbled = new Uint8Array(frameOf());
    garbled[9] = 0xff;
    expect(decodeBinaryReply(garbled.buffer)).toEqual({ ok: false, problem: 'its header is not UTF-8 JSON' });
    // The prototype was never touched.
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });
});
