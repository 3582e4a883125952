import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SourceCatalog } from '../config/source-catalog';
import { LockstepConfigSchema, type SourceConfig } from '../config/sources';
import { SourceSet } from '../datasources/source-set';
import type { DataSource } from '../datasources/types';
import { openWebSettings } from '../settings/source-layer';
import { SourceConfigManager } from './source-config-manager';

const base = LockstepConfigSchema.parse({
  mode: 'custom',
  sources: [{ kind: 'alertmanager', id: 'am', name: 'Alertmanager', url: 'http://127.0.0.1:9093' }],
}).sources;
const prom = { kind: 'prometheus', id: 'prom', name: 'Prometheus', url: 'http://127.0.0.1:9090' };

describe('SourceConfigManager: the running sources follow Settings', () => {
  let dir: string;
  let closed: string[];
  let made: SourceConfig[];
  let failMaking: string | undefined;
  const fake = (config: SourceConfig): DataSource => ({
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: 'url' in config ? config.url : undefined,
    close: async () => void closed.push(`${config.id}@${'url' in config ? config.url : ''}`),
  });
  beforeEach(() => {
    vi.useFakeTimers();
    dir = mkdtempSync(join(tmpdir(), 'lockstep-manager-'));
    closed = [];
    made = [];
    failMaking = undefined;
  });
  afterEach(() => {
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (build: (config: SourceConfig) => DataSource = fake) => {
    const set = new SourceSet(base.map(fake));
    const logs: string[] = [];
    const manager = new SourceConfigManager({
      catalog: new SourceCatalog(base, openWebSettings(dir).store),
      set,
      make: async (config) => {
        if (failMaking === config.id) throw new Error('the CA file /x.pem cannot be read');
        made.push(config);
        return build(config);
      },
      log: (m) => logs.push(m),
      retireAfterMs: 1000,
    });
    return { set, manager, logs };
  };

  it('makes only what changed, keeps the rest running untouched, and closes a replaced source after its grace', async () => {
    const { set, manager, logs } = open();
    const am = set.sources[0];
    const changes: string[][] = [];
    manager.onChange((c) => changes.push(c.changed));
    await manager.save(prom, undefined, 'ana');
    expect(set.sources.map((s) => s.id)).toEqual(['am', 'prom']);
    expect(set.sources[0]).toBe(am);
    expect(made.map((c) => c.id)).toEqual(['prom']);

    await manager.save({ ...prom, url: 'http://10.0.0.9:9090' }, 'prom', 'ana');
    expect(set.sources[1]!.endpoint).toBe('http://10.0.0.9:9090');
    expect(closed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(closed).toEqual(['prom@http://127.0.0.1:9090']);
    expect(changes).toEqual([['prom'], ['prom']]);
    expect(logs).toEqual(['settings: ana added Prometheus (prom)', 'settings: ana changed Prometheus (prom)']);
  });

  it('changes nothing, running or kept, when the new source cannot be made', async () => {
    const { set, manager } = open();
    failMaking = 'prom';
    await expect(manager.save(prom, undefined, 'ana')).rejects.toThrow('Prometheus cannot be started: the CA file /x.pem cannot be read');
    expect(set.sources.map((s) => s.id)).toEqual(['am']);
    expect(() => readFileSync(join(dir, 'settings.json'), 'utf8')).toThrow(/ENOENT/);
  });

  it('runs changes one at a time, in the order they came', async () => {
    const { set, manager } = open();
    await Promise.all([manager.save(prom, undefined, 'ana'), manager.save({ ...prom, id: 'vm', name: 'VM' }, undefined, 'ben'), manager.remove('prom', 'cy')]);
    expect(set.sources.map((s) => s.id)).toEqual(['am', 'vm']);
    await expect(manager.save(prom, 'gone', 'ana')).rejects.toThrow(/There is no source "gone" to edit/);
  });

  it('stops a live tail on a source that is changed or removed, saying why, and leaves the others following', async () => {
    const tailing = (config: SourceConfig): DataSource => ({
      ...fake(config),
      logs: {
        queryLogs: async () => ({ lines: [], fetchedAt: 0, warnings: [] }),
        tail: () => ({ close: () => void closed.push(`tail@${config.id}`) }),
      },
    });
    const states: string[] = [];
    const sink = (who: string) => ({ lines: () => {}, dropped: () => {}, state: (state: string, message?: string) => void states.push(`${who}: ${state} ${message ?? ''}`) });
    const loki = { kind: 'loki', id: 'logs', name: 'Fleet logs', url: 'http://127.0.0.1:3100' };
    const other = { ...loki, id: 'logs-b', name: 'Other logs' };
    // Each source the manager makes answers tails until it is told to stop.
    const { set, manager } = open(tailing);
    await manager.save(loki, undefined, 'ana');
    await manager.save(other, undefined, 'ana');
    set.pick('logs', 'logs').capability.tail!({ query: '{app="lock"}', start: 0, limit: 10 }, sink('panel-1'));
    set.pick('logs', 'logs-b').capability.tail!({ query: '{app="lock"}', start: 0, limit: 10 }, sink('panel-2'));
    await manager.save({ ...loki, url: 'http://10.0.0.3:3100' }, 'logs', 'ana');
    expect(states).toEqual(['panel-1: failed Fleet logs was changed in Settings, so following it live stopped; turn Live on again to follow the new settings.']);
    expect(closed).toEqual(['tail@logs']);
    await manager.remove('logs-b', 'ana');
    expect(states.at(-1)).toBe('panel-2: failed Other logs was removed in Settings, so following it live stopped.');
  });

  it('closes sources still waiting to retire when it closes', async () => {
    const { manager } = open();
    await manager.save(prom, undefined, 'ana');
    await manager.remove('prom', 'ana');
    await manager.close();
    expect(closed).toEqual(['prom@http://127.0.0.1:9090']);
    await expect(manager.save(prom, undefined, 'ana')).rejects.toThrow('Lockstep is shutting down; the sources were not changed.');
  });
});
