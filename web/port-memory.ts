import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * A wall screen's bookmark is `http://host:PORT/?wall=1&token=…`: it must survive a restart
 * of the host. The first run picks a free port and writes it here; later runs ask for the
 * same one and fall back to a free one (saying so) only when something else holds it.
 */
export const PORT_FILE = 'web-port';

const PortSchema = z.coerce.number().int().min(1).max(65_535);

/** The port the last run listened on, if the file holds one; a damaged file counts as none. */
export function rememberedPort(dataDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, PORT_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = PortSchema.safeParse(text.trim());
  return parsed.success ? parsed.data : undefined;
}

/** Written through a temporary file, so a crash mid-write never leaves half a number. */
export function rememberPort(dataDir: string, port: number): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, PORT_FILE);
  writeFileSync(`${file}.tmp`, `${port}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}
