import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWebSettings } from '../settings/source-layer';
import { SourceCatalog } from './source-catalog';
import { LockstepConfigSchema } from './sources';

const base = LockstepConfigSchema.parse({
  mode: 'custom',
  sources: [
    { kind: 'prometheus', id: 'prom', name: 'Prometheus', url: 'http://127.0.0.1:9090' },
    { kind: 'alertmanager', id: 'am', name: 'Alertmanager', url: 'http://127.0.0.1:9093' },
  ],
}).sources;

const vm = { kind: 'prometheus', id: 'vm', name: 'VictoriaMetrics', url: 'http://127.0.0.1:8428' };

describe('SourceCatalog: the config file with Settings’ sources over it', () => {
  let dir: string;
  let warnings: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockstep-catalog-'));
    warnings = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const open = () => new SourceCatalog(base, openWebSettings(dir).store, [{ variable: 'LOCKSTEP_SOURCE_AM_URL', path: 'sources.am.url', sourceId: 'am' }], (m) => warnings.push(m));
  const summary = (catalog: SourceCatalog) => catalog.entries().map((e) => `${e.config.id}:${e.origin}`);

  it('adds after the file’s sources, keeps it in an owner-only settings file, and a new run reads it back', () => {
    const catalog = open();
    expect(summary(catalog)).toEqual(['prom:file', 'am:file']);
    expect(catalog.entries()[1]!.environment).toEqual(['LOCKSTEP_SOURCE_AM_URL']);
    const plan = catalog.planSave({ json: vm });
    catalog.commit(plan.layer);
    expect(summary(open())).toEqual(['prom:file', 'am:file', 'vm:added']);
    const file = join(dir, 'settings.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ sourceLayer: { version: 1, sources: [vm] } });
  });

  it('edits a file source in place (origin "edited"), and removing the edit reverts to the file’s', () => {
    const catalog = open();
    catalog.commit(catalog.planSave({ json: { ...base[0], url: 'http://10.0.0.5:9090' }, replaces: 'prom' }).layer);
    expect(summary(catalog)).toEqual(['prom:edited', 'am:file']);
    expect(catalog.entries()[0]!.config).toMatchObject({ url: 'http://10.0.0.5:9090' });
    const revert = catalog.planRemove('prom');
    expect(revert.reverted).toBe(true);
    catalog.commit(revert.layer);
    expect(catalog.entries()[0]!.config).toMatchObject({ url: 'http://127.0.0.1:9090' });
    expect(summary(catalog)).toEqual(['prom:file', 'am:file']);
  });

  it('refuses, in one sentence each: a file source removed, a duplicate id, a renamed file source, an invalid field, a password in a URL', () => {
    const catalog = open();
    expect(() => catalog.planRemove('am')).toThrow('"Alertmanager" comes from the config file, so it cannot be removed here; remove it from the file (or edit it here to point elsewhere).');
    expect(() => catalog.planSave({ json: { ...vm, id: 'prom' } })).toThrow('There already is a source with the id "prom" (from the config file); pick another id, or edit that one.');
    expect(() => catalog.planSave({ json: { ...base[0], id: 'prom2' }, replaces: 'prom' })).toThrow(/"prom" comes from the config file, so its id cannot change here/);
    expect(() => catalog.planSave({ json: { ...vm, url: 'ftp://vm' } })).toThrow('The source "VictoriaMetrics" cannot be saved: url — only http and https URLs are supported.');
    expect(() => catalog.planSave({ json: { ...vm, kind: 'graphite' } })).toThrow(/The source "VictoriaMetrics" cannot be saved: "kind" must be one of prometheus, alertmanager/);
    expect(() => catalog.planSave({ json: { ...vm, url: 'http://admin:hunter2@127.0.0.1:8428' } })).toThrow(/carries a user name or password, which would be kept in the settings file/);
    expect(() => catalog.planSave({ json: { ...vm, auth: { type: 'bearer', credential: 'vm', token: 'abc' } } })).toThrow(/auth/);
    expect(() => catalog.planSave({ json: vm, replaces: 'gone' })).toThrow(/There is no source "gone" to edit/);
  });

  it('renames a source added here, keeping its place', () => {
    const catalog = open();
    catalog.commit(catalog.planSave({ json: vm }).layer);
    catalog.commit(catalog.planSave({ json: { ...vm, id: 'loki', kind: 'loki', name: 'Loki', url: 'http://127.0.0.1:3100' } }).layer);
    catalog.commit(catalog.planSave({ json: { ...vm, id: 'vm-eu' }, replaces: 'vm' }).layer);
    expect(summary(catalog)).toEqual(['prom:file', 'am:file', 'vm-eu:added', 'loki:added']);
  });

  it('imports all or nothing: added, updated, unchanged; a file source imported as it is stays "file"', () => {
    const catalog = open();
    const plan = catalog.planImport([base[0], { ...base[1], url: 'http://am-2:9093' }, vm]);
    expect({ added: plan.added, updated: plan.updated, unchanged: plan.unchanged }).toEqual({ added: ['vm'], updated: ['am'], unchanged: ['prom'] });
    catalog.commit(plan.layer);
    expect(summary(catalog)).toEqual(['prom:file', 'am:edited', 'vm:added']);
    expect(() => catalog.planImport([vm, { ...vm, url: 'nope' }])).toThrow(/^Entry 2 of the file: The source "VictoriaMetrics" cannot be saved: url — /);
    expect(() => catalog.planImport([vm, vm])).toThrow('The file lists the source "vm" twice; nothing was imported.');
  });

  it('leaves out, with a warning, an entry a hand edit broke, and keeps the others', () => {
    const { store } = openWebSettings(dir);
    store.update({ sourceLayer: { version: 1, sources: [{ ...vm, url: 'not a url' }, { ...vm, id: 'vm2' }] } });
    expect(summary(open())).toEqual(['prom:file', 'am:file', 'vm2:added']);
    expect(warnings).toEqual(['a source saved in Settings (The source "VictoriaMetrics") is no longer valid and is left out: url — Invalid URL']);
  });
});
