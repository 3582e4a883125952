import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SourceKindSchema } from '../../../shared/api/session';
import type { SourceSettingsList } from '../../../shared/api/source-settings';
import { addressOf, displayValue, fieldsOf, getPath, idFromName, parseInput, setPath } from './source-fields';
import { SourceForm } from './SourceForm';
import { TestResult } from './TestResult';

const list: SourceSettingsList = {
  sources: [],
  configOrigin: '/etc/lockstep.json',
  savedIn: '/home/ana/.local/state/lockstep/settings.json',
  credentials: { kind: 'unavailable', canStore: false, sentence: 'Lockstep will not save this credential: no system keyring was found.' },
  storedCredentials: [],
  kinds: ['prometheus'],
};

/** Every id a control has, and every label's `for`: each control must be named. */
function unlabelled(html: string): string[] {
  const controls = [...html.matchAll(/<(input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[2]!);
  const labelled = new Set([...html.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]!));
  return controls.filter((id) => !labelled.has(id));
}

describe('the source form', () => {
  it('labels every control, for every kind, and keeps fields it does not show', () => {
    for (const kind of SourceKindSchema.options) {
      const config = { kind, id: 'x', name: 'X', url: 'http://x:1', auth: { type: 'basic', username: 'u', credential: 'x-pass' }, futureOption: { keep: true } };
      const html = renderToStaticMarkup(<SourceForm initial={config} list={list} onSaved={() => {}} onCancel={() => {}} onCredentialsChanged={() => {}} />);
      expect(unlabelled(html), kind).toEqual([]);
    }
  });

  it('says plainly when this host cannot store a secret, and disables the field instead of pretending', () => {
    const html = renderToStaticMarkup(
      <SourceForm initial={{ kind: 'prometheus', id: 'p', name: 'P', url: 'http://p:9090', auth: { type: 'bearer', credential: 'p-token' } }} list={list} onSaved={() => {}} onCancel={() => {}} onCredentialsChanged={() => {}} />,
    );
    expect(html).toContain('Lockstep will not save this credential: no system keyring was found.');
    expect(html).toMatch(/<input id="source-auth-secret" type="password"[^>]*disabled=""/);
    expect(html).toContain('No secret is stored under “p-token” yet.');
  });
});

describe('a test’s result', () => {
  it('is one sentence, said as passed or failed for a screen reader too', () => {
    const ok = renderToStaticMarkup(<TestResult state={{ phase: 'done', result: { ok: true, kind: 'ok', sentence: 'Prometheus 2.42.0 answered; 7 of 7 recorded series present', checks: [], tookMs: 120 } }} />);
    expect(ok).toContain('role="status"');
    expect(ok).toContain('Test passed: </span>Prometheus 2.42.0 answered; 7 of 7 recorded series present');
    const failed = renderToStaticMarkup(<TestResult state={{ phase: 'done', result: { ok: false, kind: 'refused', sentence: '127.0.0.1:1 refused the connection — is Prometheus running there?', checks: [{ what: 'the query API', ok: false, sentence: 'x' }], tookMs: 3 } }} />);
    expect(failed).toContain('role="alert"');
    expect(failed).toContain('data-kind="refused"');
    expect(failed).toContain('Test failed: </span>127.0.0.1:1 refused the connection — is Prometheus running there?');
    expect(renderToStaticMarkup(<TestResult state={{ phase: 'testing' }} />)).toContain('data-state="testing"');
  });
});

describe('source fields', () => {
  it('read and write nested paths, dropping what is emptied', () => {
    const config = { kind: 'prometheus', tls: { caFile: '/ca.pem' } };
    expect(getPath(config, 'tls.caFile')).toBe('/ca.pem');
    expect(setPath(config, 'tls.caFile', undefined)).toEqual({ kind: 'prometheus' });
    expect(setPath(config, 'tls.serverName', 'prom.example')).toEqual({ kind: 'prometheus', tls: { caFile: '/ca.pem', serverName: 'prom.example' } });
  });

  it('parse what a person types into config values, or say what is wrong', () => {
    const field = (key: string) => fieldsOf('alertmanager').find((f) => f.key === key)!;
    expect(parseInput(field('urls'), 'http://am-2:9093\nhttp://am-3:9093, ')).toEqual({ value: ['http://am-2:9093', 'http://am-3:9093'] });
    expect(parseInput(field('headers'), 'X-Scope-OrgID: fleet\n')).toEqual({ value: { 'X-Scope-OrgID': 'fleet' } });
    expect(parseInput(field('headers'), 'no colon')).toEqual({ error: 'Extra headers: "no colon" is not "Name: value"' });
    expect(parseInput(field('timeoutMs'), '2500')).toEqual({ value: 2500 });
    expect(parseInput(field('timeoutMs'), 'soon')).toEqual({ error: 'Timeout (ms): "soon" is not a number' });
    expect(parseInput(field('timeoutMs'), '  ')).toEqual({ value: undefined });
    expect(displayValue(field('headers'), { 'X-Scope-OrgID': 'fleet' })).toBe('X-Scope-OrgID: fleet');
  });

  it('make an id from a name, and an address without a password', () => {
    expect(idFromName('Prometheus EU-1 (prod)')).toBe('prometheus-eu-1-prod');
    expect(idFromName('—')).toBe('');
    expect(addressOf({ url: 'https://user:pw@prom.example:9090/' })).toBe('https://prom.example:9090');
    expect(addressOf({ kind: 'demo' })).toBe('inside Lockstep');
  });
});
