import { chmodSync, existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RpcReply } from '../../shared';
import type { DataSource } from '../datasources/types';
import { servicesFrom } from './create-services';
import type { LockstepServices } from './lockstep-services';
import { firingAlert } from '../../testing/alerts';

const modeOf = (path: string) => statSync(path).mode & 0o777;

const firing = firingAlert();
const am: DataSource = {
  id: 'am',
  kind: 'alertmanager',
  name: 'Alertmanager',
  alerts: { listAlerts: async () => [firing], listSilences: async () => [], createSilence: async () => ({ silenceId: 's1' }) },
};

let services: LockstepServices | undefined;
afterEach(async () => services?.close());

const start = (dataDir: string) =>
  servicesFrom([am], { mode: 'custom', alertPollSeconds: 60 }, { dataDir, version: 't', defaultActor: 'tester' });

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
};

// POSIX modes; Windows has no owner/group/other bits to check.
describe.skipIf(process.platform === 'win32')('the data folder', () => {
  it('is owner-only from the start, and so is every file written in it', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'lockstep-perm-')), 'state');
    services = start(dataDir);
    expect(modeOf(dataDir)).toBe(0o700);
    // The first poll opens an incident (incidents.json); acknowledging its alert journals an action (actions.jsonl).
    await until(() => existsSync(join(dataDir, 'incidents.json')));
    const reply: RpcReply = await services.handle(
      'acknowledgeAlert',
      { fingerprint: 'f1', author: 'ana', comment: 'mine', durationMinutes: 10, idempotencyKey: 'perm-key-1' },
      { id: 'c', send: () => {} },
    );
    expect(reply.ok).toBe(true);
    expect(modeOf(join(dataDir, 'incidents.json'))).toBe(0o600);
    expect(modeOf(join(dataDir, 'actions.jsonl'))).toBe(0o600);
  });

  it('tightens a folder and files an older build left 0755 and 0644, at start', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'lockstep-perm-')), 'state');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'incidents.json'), JSON.stringify({ incidents: [], timeline: [] }));
    writeFileSync(join(dataDir, 'actions.jsonl'), '');
    chmodSync(join(dataDir, 'incidents.json'), 0o644);
    chmodSync(join(dataDir, 'actions.jsonl'), 0o644);
    services = start(dataDir);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(dataDir, 'incidents.json'))).toBe(0o600);
    expect(modeOf(join(dataDir, 'actions.jsonl'))).toBe(0o600);
  });
});
