import type { HttpSourceConfig } from '../config/sources';
import { SourceError } from '../datasources/types';
import { CredentialSecretSchema, type CredentialReader } from '../settings/credentials';
import { describeError } from '../util/errors';

/**
 * The Authorization (or API-key) header of a source whose config names a stored
 * credential. Looked up on every request, so a credential stored while the console runs
 * is used at once. A credential that is missing or unreadable fails that source's requests
 * with a sentence saying how to fix it; it never stops the console.
 */
export async function authHeaders(
  config: Pick<HttpSourceConfig, 'id' | 'name' | 'auth'>,
  credentials: CredentialReader | undefined,
): Promise<Record<string, string>> {
  const auth = config.auth;
  if (!auth) return {};
  const name = auth.credential;
  if (!credentials) {
    throw new SourceError(config.id, `${config.name} signs in with the credential "${name}", but this console was started without a credential store`, 'rejected', 'setup');
  }
  let secret: string | undefined;
  try {
    secret = await credentials.get(name);
  } catch (error) {
    throw new SourceError(config.id, `${config.name} cannot sign in: ${describeError(error)}`, 'rejected', 'setup');
  }
  if (secret === undefined) {
    throw new SourceError(config.id, `no credential named "${name}" is stored; add it with ${credentials.howToAdd(name)} (${config.name} signs in with it)`, 'rejected', 'setup');
  }
  if (!CredentialSecretSchema.safeParse(secret).success) {
    throw new SourceError(config.id, `the credential "${name}" is empty or holds a line break; store it again with ${credentials.howToAdd(name)}`, 'rejected', 'setup');
  }
  switch (auth.type) {
    case 'bearer':
      return { authorization: `Bearer ${secret}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${secret}`, 'utf8').toString('base64')}` };
    case 'header':
      return { [auth.header.toLowerCase()]: secret };
  }
}
