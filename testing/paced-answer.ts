import type { ServerResponse } from 'node:http';

/**
 * Sends `body` as a 200 JSON answer of announced length in `pieces` writes `everyMs` apart, as a
 * slow backend or link delivers a large answer (what a trace open's progress is seen on).
 * Stops quietly if the client goes away.
 */
export function pacedAnswer(res: ServerResponse, body: Buffer, pieces: number, everyMs: number): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  const piece = Math.ceil(body.length / pieces);
  let at = 0;
  const next = () => {
    if (res.destroyed) return;
    res.write(body.subarray(at, at + piece));
    at += piece;
    if (at >= body.length) res.end();
    else setTimeout(next, everyMs);
  };
  next();
}
