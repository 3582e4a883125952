import { connect, type Socket } from 'node:net';

/**
 * Test support: HTTP and WebSocket bytes written straight to TCP, so that malformed input
 * reaches the web host exactly as an attacker would send it (an HTTP client library would
 * refuse or repair most of it). Loopback only, and every wait is bounded.
 */

export interface RawAnswer {
  /** The status of the first response, if one arrived. */
  status?: number;
  /** Everything received, as latin1 (byte-exact). */
  text: string;
  /** True when the server closed the connection before we gave up. */
  closedByServer: boolean;
}

const HEADERS_END = '\r\n\r\n';

/**
 * Writes `chunks` to a fresh connection and reads until the server has answered (the
 * header block of `responses` responses is complete), closes, or `waitMs` pass.
 */
export function exchange(port: number, chunks: ReadonlyArray<string | Buffer>, options: { waitMs?: number; responses?: number } = {}): Promise<RawAnswer> {
  const waitMs = options.waitMs ?? 1500;
  const responses = options.responses ?? 1;
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    let settled = false;
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ ...(match ? { status: Number(match[1]) } : {}), text, closedByServer });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('data', (data: Buffer) => {
      text += data.toString('latin1');
      if (text.split(HEADERS_END).length - 1 >= responses) {
        // Give a body already on its way a moment, then stop: only the status is asserted.
        setTimeout(() => finish(false), 20);
      }
    });
    socket.on('connect', () => {
      for (const chunk of chunks) if (!socket.destroyed) socket.write(chunk);
    });
  });
}

export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

export interface FrameOptions {
  fin?: boolean;
  rsv?: number;
  /** Client frames must be masked (RFC 6455 §5.3); false sends one unmasked. */
  mask?: boolean;
  /** Announces this payload length instead of the real one (a frame whose body follows later). */
  declaredLength?: number;
}

/** A fixed masking key: the corpus stays byte-for-byte the same on every run. */
const MASK_KEY = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

export function frame(opcode: number, payload: Buffer | string, options: FrameOptions = {}): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const masked = options.mask ?? true;
  const length = options.declaredLength ?? body.length;
  const first = ((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | opcode;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([first, (masked ? 0x80 : 0) | length]);
  } else if (length < 65_536) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(length, 2);
    header[1] = (masked ? 0x80 : 0) | 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(BigInt(length), 2);
    header[1] = (masked ? 0x80 : 0) | 127;
  }
  header[0] = first;
  if (!masked) return Buffer.concat([header, body]);
  const out = Buffer.from(body);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) ^ (MASK_KEY[i % 4] ?? 0);
  return Buffer.concat([header, MASK_KEY, out]);
}

/** Reads the server's (unmasked) frames as they arrive. */
export class FrameReader {
  readonly frames: Frame[] = [];
  private buffer = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;

  push(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const parsed = this.parseOne();
      if (!parsed) break;
      this.frames.push(parsed);
    }
    this.wake();
  }

  end(): void {
    this.closed = true;
    this.wake();
  }

  /** The first frame (from the start) that `match` accepts, or null after `timeoutMs` or when the connection ends. */
  async find(match: (frame: Frame) => boolean, timeoutMs = 5000): Promise<Frame | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (this.closed || left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The close code the server sent, or null if it sent none in time. */
  async closeCode(timeoutMs = 5000): Promise<number | null> {
    const close = await this.find((f) => f.opcode === 0x8, timeoutMs);
    return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private parseOne(): Frame | null {
    const b = this.buffer;
    if (b.length < 2) return null;
    const b0 = b[0] ?? 0;
    const b1 = b[1] ?? 0;
    let length = b1 & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return null;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return null;
      length = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    if (b.length < offset + length) return null;
    const payload = b.subarray(offset, offset + length);
    this.buffer = b.subarray(offset + length);
    return { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload: Buffer.from(payload) };
  }
}

export interface RawWebSocket {
  socket: Socket;
  reader: FrameReader;
  /** The JSON text messages received so far. */
  messages(): unknown[];
}

/** Opens an authenticated WebSocket by hand and hands back the raw socket after the 101. */
export function openRawWebSocket(port: number, token: string, timeoutMs = 5000): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const reader = new FrameReader();
    let head = Buffer.alloc(0);
    let upgraded = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no 101 in time'));
    }, timeoutMs);
    socket.on('error', () => reader.end());
    socket.on('close', () => {
      reader.end();
      if (!upgraded) reject(new Error(`closed before the upgrade: ${head.toString('latin1')}`));
    });
    socket.on('data', (data: Buffer) => {
      if (upgraded) return reader.push(data);
      head = Buffer.concat([head, data]);
      const end = head.indexOf(HEADERS_END);
      if (end < 0) return;
      const status = head.subarray(0, end).toString('latin1');
      if (!status.startsWith('HTTP/1.1 101')) {
        socket.destroy();
        return reject(new Error(`upgrade refused: ${status}`));
      }
      upgraded = true;
      clearTimeout(timer);
      reader.push(head.subarray(end + HEADERS_END.length));
      resolve({
        socket,
        reader,
        messages: () => reader.frames.filter((f) => f.opcode === 0x1).map((f) => JSON.parse(f.payload.toString('utf8')) as unknown),
      });
    });
    socket.on('connect', () => {
      socket.write(
        `GET /api/ws?token=${encodeURIComponent(token)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n` +
          'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
  });
}
