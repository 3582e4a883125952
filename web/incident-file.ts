import type { IncomingMessage, ServerResponse } from 'node:http';
import { INCIDENT_FILE_NAME_HEADER } from '../shared/api/wire';
import type { AccessPolicy } from './access';

/** The one incident file `lockstep open FILE` started the host with, read (and size-checked) before it listens. */
export interface HostedIncidentFile {
  name: string;
  bytes: Uint8Array;
}

const plain = (response: ServerResponse, status: number, message: string): void => {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(message);
};

/**
 * GET /api/incident-file: the file's bytes, to the holder of a token only, under the same
 * rules as every call (web/access.ts: own Host — checked by the caller —, own Origin or
 * none, a valid token). Read-only: nothing else is served, nothing can be written.
 */
export function serveIncidentFile(request: IncomingMessage, response: ServerResponse, access: AccessPolicy, file: HostedIncidentFile | undefined): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (!access.originAllowed(request, false)) return plain(response, 403, 'Cross-site requests are refused.');
  if (!access.credentialFor(access.bearer(request))) return plain(response, 401, 'Missing or wrong access token: use the URL Lockstep printed when it started.');
  if (!file) return plain(response, 404, 'This Lockstep host was not started with an incident file (npm run open -- FILE).');
  response.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': file.bytes.length,
    'cache-control': 'no-store',
    // Never rendered: the page reads the bytes and hands them to the store.
    'content-disposition': 'attachment',
    [INCIDENT_FILE_NAME_HEADER]: encodeURIComponent(file.name),
  });
  if (request.method === 'HEAD') response.end();
  else response.end(file.bytes);
}
