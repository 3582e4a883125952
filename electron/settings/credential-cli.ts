import type { CredentialStore } from '../../services/settings/credentials';
import { describeError } from '../../services/util/errors';

export const STORE_CREDENTIAL_FLAG = '--store-credential';

/** The name after `--store-credential`, if the app was launched to store one. */
export function credentialToStore(argv: readonly string[]): string | undefined {
  const at = argv.indexOf(STORE_CREDENTIAL_FLAG);
  if (at >= 0) return argv[at + 1] ?? '';
  const inline = argv.find((a) => a.startsWith(`${STORE_CREDENTIAL_FLAG}=`));
  return inline?.slice(STORE_CREDENTIAL_FLAG.length + 1);
}

/**
 * `lockstep --store-credential NAME < secret`: encrypts the secret with safeStorage and
 * exits, with no window. The secret comes from standard input, never the command line,
 * where `ps` and shell history would show it. One trailing newline (from `echo` or a
 * file) is dropped. Returns the exit code.
 */
export async function storeCredentialFromStdin(
  name: string,
  readStdin: () => Promise<string>,
  store: CredentialStore,
  print: (line: string) => void,
): Promise<number> {
  try {
    const secret = (await readStdin()).replace(/\r?\n$/, '');
    await store.set(name, secret);
    print(`Stored the credential "${name}". Sources whose config says "auth": {"credential": "${name}", …} use it from the next request.`);
    return 0;
  } catch (error) {
    print(`Lockstep could not store the credential "${name}": ${describe(error)}`);
    return 1;
  }
}

function describe(error: unknown): string {
  // zod's message is a JSON list of issues; the first one's words are enough here.
  const issues = (error as { issues?: { message: string }[] }).issues;
  if (issues?.[0]) return issues[0].message;
  return describeError(error);
}

/** All of a stream (standard input), refusing more than `maxBytes`: a secret is small. */
export async function readAll(stream: AsyncIterable<Buffer | string>, maxBytes = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += buffer.length;
    if (size > maxBytes) throw new Error(`standard input holds more than ${maxBytes / 1024} KB; a credential is one line`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
