import { describe, expect, it } from 'vitest';
import { applyEnvOverrides, sourceVariable } from './env-overrides';
import { validateConfigJson } from './validate-config';

const file = {
  mode: 'custom',
  sources: [
    { kind: 'prometheus', id: 'eu-prom', name: 'Prometheus EU', url: 'http://127.0.0.1:9090' },
    { kind: 'alertmanager', id: 'am', name: 'Alertmanager', url: 'http://127.0.0.1:9093' },
  ],
};

describe('environment overrides of the config', () => {
  it('set top-level numbers and per-source fields by id, and say which variable set what', () => {
    const { config, environment } = validateConfigJson(
      file,
      'test.json',
      {
        LOCKSTEP_ALERT_POLL_SECONDS: '3',
        LOCKSTEP_SOURCE_EU_PROM_URL: 'https://prom.eu.example:9443',
        LOCKSTEP_SOURCE_EU_PROM_TLS_CA_FILE: '/etc/lockstep/ca.pem',
        LOCKSTEP_SOURCE_AM_URLS: 'http://am-2:9093, http://am-3:9093',
        LOCKSTEP_SOURCE_AM_TIMEOUT_MS: '2500',
        // Empty is unset, as in a compose file that leaves a variable blank.
        LOCKSTEP_SOURCE_AM_NAME: '',
        LOCKSTEP_DATA_DIR: '/var/lib/lockstep',
      },
    );
    expect(config.alertPollSeconds).toBe(3);
    expect(config.sources[0]).toMatchObject({ id: 'eu-prom', url: 'https://prom.eu.example:9443', tls: { caFile: '/etc/lockstep/ca.pem' } });
    expect(config.sources[1]).toMatchObject({ id: 'am', name: 'Alertmanager', urls: ['http://am-2:9093', 'http://am-3:9093'], timeoutMs: 2500 });
    expect(environment.map((o) => `${o.variable} → ${o.path}`)).toEqual([
      'LOCKSTEP_ALERT_POLL_SECONDS → alertPollSeconds',
      'LOCKSTEP_SOURCE_AM_TIMEOUT_MS → sources.am.timeoutMs',
      'LOCKSTEP_SOURCE_AM_URLS → sources.am.urls',
      'LOCKSTEP_SOURCE_EU_PROM_TLS_CA_FILE → sources.eu-prom.tls.caFile',
      'LOCKSTEP_SOURCE_EU_PROM_URL → sources.eu-prom.url',
    ]);
    expect(sourceVariable('eu-prom', 'URL')).toBe('LOCKSTEP_SOURCE_EU_PROM_URL');
  });

  it('add a source the file lacks when its kind is given, in any variable order', () => {
    const { config, environment } = validateConfigJson(file, 'test.json', {
      LOCKSTEP_SOURCE_LOGS_INDEX: 'logs-*',
      LOCKSTEP_SOURCE_LOGS_URL: 'http://es:9200',
      LOCKSTEP_SOURCE_LOGS_KIND: 'elasticsearch',
    });
    expect(config.sources.map((s) => s.id)).toEqual(['eu-prom', 'am', 'logs']);
    expect(config.sources[2]).toMatchObject({ kind: 'elasticsearch', id: 'logs', name: 'logs', url: 'http://es:9200', index: 'logs-*' });
    expect(environment.filter((o) => o.sourceId === 'logs')).toHaveLength(3);
  });

  it('refuse a variable naming no source, or a field Lockstep does not know, in one sentence', () => {
    expect(() => validateConfigJson(file, 'test.json', { LOCKSTEP_SOURCE_PROM_URL: 'http://x:9090' })).toThrow(
      'The environment overrides of the Lockstep config test.json cannot be applied: LOCKSTEP_SOURCE_PROM_URL names a source "prom" that the config does not have (it has eu-prom, am); to add one, also set LOCKSTEP_SOURCE_PROM_KIND and LOCKSTEP_SOURCE_PROM_URL.',
    );
    expect(() => validateConfigJson(file, 'test.json', { LOCKSTEP_SOURCE_AM_ADDRESS: 'http://x' })).toThrow(/LOCKSTEP_SOURCE_AM_ADDRESS is not a setting Lockstep knows: per-source variables end in _KIND, _NAME, _URL/);
    expect(() => validateConfigJson(file, 'test.json', { LOCKSTEP_ALERT_POLL_SECONDS: 'fast' })).toThrow(/LOCKSTEP_ALERT_POLL_SECONDS is "fast", which is not a number/);
    expect(() => validateConfigJson(file, 'test.json', { LOCKSTEP_SOURCE_AM_KIND: 'loki' })).toThrow(/would change the kind of the source "am"/);
  });

  it('name the variable when the value it set is invalid', () => {
    expect(() => validateConfigJson(file, 'test.json', { LOCKSTEP_SOURCE_EU_PROM_URL: 'ftp://prom' })).toThrow(
      'The Lockstep config test.json is not valid:\n  sources.0.url: only http and https URLs are supported (set by LOCKSTEP_SOURCE_EU_PROM_URL)',
    );
    expect(() => validateConfigJson(file, 'test.json', { LOCKSTEP_ALERT_POLL_SECONDS: '0' })).toThrow(/alertPollSeconds: .* \(set by LOCKSTEP_ALERT_POLL_SECONDS\)/);
  });

  it('leave the input untouched and a config with no variables as it was', () => {
    const before = JSON.stringify(file);
    const { config, applied } = applyEnvOverrides(file, { LOCKSTEP_SOURCE_AM_URL: 'http://elsewhere:9093' });
    expect(JSON.stringify(file)).toBe(before);
    expect((config as typeof file).sources[1]!.url).toBe('http://elsewhere:9093');
    expect(applied).toHaveLength(1);
    expect(applyEnvOverrides(file, {}).config).toEqual(file);
  });
});
