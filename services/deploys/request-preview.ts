import type { HttpSourceConfig } from '../config/sources';
import type { PreparedRequest } from '../datasources/types';

export const MASK = '•••••';

/**
 * The headers a source's request carries, as services/http/source-http.ts builds them
 * (config headers, then the connector's, then the credential), with the credential
 * masked: a dry run shows which secret would be sent, never the secret. Nothing is read
 * from the credential store.
 */
export function previewHeaders(config: Pick<HttpSourceConfig, 'headers' | 'auth'>, protocol: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'Lockstep' };
  for (const [name, value] of Object.entries(config.headers ?? {})) headers[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(protocol)) headers[name.toLowerCase()] = value;
  const auth = config.auth;
  if (auth?.type === 'bearer') headers.authorization = `Bearer ${MASK} (credential "${auth.credential}")`;
  if (auth?.type === 'basic') headers.authorization = `Basic ${MASK} (user "${auth.username}", credential "${auth.credential}")`;
  if (auth?.type === 'header') headers[auth.header.toLowerCase()] = `${MASK} (credential "${auth.credential}")`;
  return headers;
}

export function prepared(method: string, url: string, headers: Record<string, string>, body?: string): PreparedRequest {
  return { method, url, headers, ...(body === undefined ? {} : { body }) };
}
