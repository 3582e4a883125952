/**
 * `npm run config-schema`: writes lockstep.config.schema.json, the JSON Schema of the config
 * generated from its zod schema, for editor completion (a config starts with
 * "$schema": "./lockstep.config.schema.json"). `-- --check` only says whether the committed
 * file is current, and fails when it is not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_SCHEMA_FILE, configJsonSchemaText } from '../services/config/config-json-schema';

const path = join(process.cwd(), CONFIG_SCHEMA_FILE);
const fresh = configJsonSchemaText();
let committed: string | undefined;
try {
  committed = readFileSync(path, 'utf8');
} catch {
  committed = undefined;
}

if (process.argv.includes('--check')) {
  if (committed === fresh) {
    console.log(`${CONFIG_SCHEMA_FILE} is current.`);
  } else {
    console.error(`${CONFIG_SCHEMA_FILE} is ${committed === undefined ? 'missing' : 'stale'}: run npm run config-schema and commit it.`);
    process.exitCode = 1;
  }
} else if (committed === fresh) {
  console.log(`${CONFIG_SCHEMA_FILE} was already current.`);
} else {
  writeFileSync(path, fresh);
  console.log(`Wrote ${CONFIG_SCHEMA_FILE} (${Buffer.byteLength(fresh)} bytes) from services/config/sources.ts.`);
}
