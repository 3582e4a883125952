import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import type { RpcReply, SessionInfo } from '../../shared';
import { readIncidentFile } from '../../shared/incident-file/read';
import { servicesFrom } from '../core/create-services';
import { sealExport } from '../export/seal-export';
import type { LockstepServices } from '../core/lockstep-services';
import { InstallSigningKey } from './install-key';

let services: LockstepServices | undefined;
afterEach(async () => services?.close());

const colleague = { name: "Ana's laptop", publicKey: 'A'.repeat(43) + '=' };

it('the session lists this console’s own key first, then the config’s trustedSigners, so an offline open can verify', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lockstep-signers-'));
  services = servicesFrom([], { mode: 'custom', alertPollSeconds: 60, trustedSigners: [colleague] }, { dataDir, version: '1.2.3', defaultActor: 'ana' });
  const signers = async () => {
    const reply: RpcReply = await services!.handle('getSession', {}, { id: 'c', send: () => {} });
    if (!reply.ok) throw new Error(reply.error.message);
    return (reply.value as SessionInfo).trustedSigners;
  };
  // The key is loaded (here: made) in the background as the services start, long before a window asks in real use.
  await vi.waitFor(async () => expect(await signers()).toHaveLength(2), { timeout: 2_000, interval: 5 });
  const own = await new InstallSigningKey(join(dataDir, 'signing-key.json')).publicKeyBase64();
  expect(await signers()).toEqual([{ name: 'this console', publicKey: own }, colleague]);
  // The key the session names is the one exports are signed with.
  const format0 = await readIncidentFile('f0', readFileSync(new URL('../../shared/testdata/incident-file/format0-4c4459b.lockstep.json', import.meta.url)), { trustedKeys: [] });
  if (!format0.ok) throw new Error(format0.problem);
  const file = await sealExport({ fileName: 'x.lockstep.json', bundle: format0.bundle }, { signingKey: new InstallSigningKey(join(dataDir, 'signing-key.json')), appVersion: '1.2.3' });
  const opened = await readIncidentFile(file.fileName, new Uint8Array(Buffer.from(file.file, 'base64')), { trustedKeys: [own] });
  expect(opened.ok && opened.verification.state).toBe('verified');
});
