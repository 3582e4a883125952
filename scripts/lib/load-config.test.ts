import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoConfig, loadConfig } from './load-config';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-load-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the web host’s config (npm start -- --config FILE, or LOCKSTEP_CONFIG)', () => {
  const path = join(dir, 'lockstep.json');
  writeFileSync(
    path,
    JSON.stringify({
      $schema: './lockstep.config.schema.json',
      mode: 'custom',
      sources: [{ kind: 'alertmanager', id: 'am', name: 'Alertmanager', url: 'http://127.0.0.1:9093' }],
    }),
  );

  it('tolerates $schema and applies the environment’s overrides, saying which', () => {
    const loaded = loadConfig(path, { LOCKSTEP_SOURCE_AM_URL: 'http://am.example:9093', LOCKSTEP_ALERT_POLL_SECONDS: '2' });
    expect(loaded.config.sources[0]).toMatchObject({ id: 'am', url: 'http://am.example:9093' });
    expect(loaded.config.alertPollSeconds).toBe(2);
    expect(loaded.environment.map((o) => o.variable)).toEqual(['LOCKSTEP_ALERT_POLL_SECONDS', 'LOCKSTEP_SOURCE_AM_URL']);
  });

  it('fails naming the file, the field and the variable', () => {
    expect(() => loadConfig(path, { LOCKSTEP_SOURCE_AM_URL: 'am.example' })).toThrow(`The Lockstep config ${path} is not valid:\n  sources.0.url: Invalid URL (set by LOCKSTEP_SOURCE_AM_URL)`);
    expect(() => loadConfig(join(dir, 'absent.json'), {})).toThrow(/^cannot read the config file .*absent\.json: ENOENT/);
  });

  it('applies them to the demo fleet too', () => {
    expect(demoConfig({}, { LOCKSTEP_ALERT_POLL_SECONDS: '5' }).alertPollSeconds).toBe(5);
    expect(demoConfig({}, {}).alertPollSeconds).toBe(1);
  });
});
