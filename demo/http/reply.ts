import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  body: string;
  contentType: string;
}

export const json = (status: number, value: unknown): Reply => ({ status, body: JSON.stringify(value), contentType: 'application/json' });
export const text = (status: number, body: string, contentType = 'text/plain; charset=utf-8'): Reply => ({ status, body, contentType });

export function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'content-type': reply.contentType, 'cache-control': 'no-store' });
  res.end(reply.body);
}

/** Reads a request body up to `limit` bytes; larger bodies are refused rather than buffered. */
export async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new Error(`request body larger than ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
