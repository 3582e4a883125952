/**
 * `npm run credentials -- set NAME` stores a secret for the web host (and `npm start`'s
 * browser fallback), which sources name in their config: "auth": {"type": "bearer",
 * "credential": "NAME"}. The secret is read from standard input — typed with echo off at
 * a terminal, or piped (`vault read … | npm run credentials -- set NAME`) — never from the
 * command line, where ps and shell history would keep it.
 * Also: `list` (names only) and `delete NAME`. Honours LOCKSTEP_DATA_DIR.
 */
import { openFileCredentialStore } from '../services/settings/file-credential-store';
import { defaultDataDir } from './lib/data-dir';
import { describeError } from '../services/util/errors';

const MAX_SECRET_BYTES = 64 * 1024;

async function main(argv: string[]): Promise<number> {
  const [command, name] = argv;
  const store = openFileCredentialStore(defaultDataDir(), (m) => console.warn(m));
  switch (command) {
    case 'set': {
      if (!name) return usage();
      const secret = process.stdin.isTTY ? await promptHidden(`Secret for "${name}" (not shown): `) : await readPiped();
      await store.set(name, secret.replace(/\r?\n$/, ''));
      console.log(`Stored "${name}" in ${store.dir} (encrypted; the key is beside it, readable only by you). Sources that name it use it from their next request.`);
      return 0;
    }
    case 'delete':
      if (!name) return usage();
      console.log((await store.delete(name)) ? `Deleted "${name}".` : `No credential named "${name}" is stored.`);
      return 0;
    case 'list': {
      const names = await store.names();
      console.log(names.length ? names.join('\n') : `No credentials are stored in ${store.dir}.`);
      return 0;
    }
    default:
      return usage();
  }
}

function usage(): number {
  console.error('Usage: npm run credentials -- set NAME   (the secret is read from standard input)\n       npm run credentials -- delete NAME | list');
  return 2;
}

async function readPiped(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_SECRET_BYTES) throw new Error('standard input holds more than 64 KB; a credential is one line');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One line from the terminal with echo off; Ctrl-C aborts. */
function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else if (typed.length < MAX_SECRET_BYTES) typed += ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const issues = (error as { issues?: { message: string }[] }).issues;
    console.error(`Lockstep could not do that: ${issues?.[0]?.message ?? (describeError(error))}`);
    process.exit(1);
  },
);
