import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_FILE, configJsonSchema, configJsonSchemaText } from './config-json-schema';
import { validateConfigJson } from './validate-config';

const root = join(import.meta.dirname, '..', '..');

describe('the config’s JSON Schema (lockstep.config.schema.json)', () => {
  it('is committed as generated from the zod schema today: run npm run config-schema when this fails', () => {
    const committed = readFileSync(join(root, CONFIG_SCHEMA_FILE), 'utf8');
    expect(committed === configJsonSchemaText(), `${CONFIG_SCHEMA_FILE} is stale: run npm run config-schema and commit it`).toBe(true);
  });

  it('describes what an editor needs: $schema, every kind, the HTTP fields the transport reads', () => {
    const schema = configJsonSchema() as { $schema: string; properties: Record<string, { description?: string }>; required: string[] };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.required).toEqual(['mode', 'sources']);
    expect(schema.properties.$schema?.description).toMatch(/editor completion/);
    const text = configJsonSchemaText();
    for (const kind of ['prometheus', 'alertmanager', 'loki', 'elasticsearch', 'zipkin', 'jaeger', 'tempo', 'deployer-http', 'deploy-webhook', 'argo-rollouts', 'demo']) {
      expect(text).toContain(`"const": "${kind}"`);
    }
    for (const field of ['"insecureSkipVerify"', '"caFile"', '"proxy"', '"maxConcurrent"', '"retries"', '"credential"']) expect(text).toContain(field);
  });

  it('matches the README’s config example, which names it in "$schema" and loads as it is', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const example = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const json = JSON.parse(example!) as { $schema?: string };
    expect(json.$schema).toBe(`./${CONFIG_SCHEMA_FILE}`);
    expect(validateConfigJson(json, 'the README example', {}).config.sources.length).toBeGreaterThan(0);
  });
});
