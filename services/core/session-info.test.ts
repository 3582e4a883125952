import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RpcReply, SessionInfo } from '../../shared';
import { SessionInfoSchema } from '../../shared/api/session';
import type { ClientSession } from './client';
import { servicesFrom } from './create-services';
import type { LockstepServices } from './lockstep-services';

let services: LockstepServices | undefined;
afterEach(async () => {
  await services?.close();
  services = undefined;
});

describe('the session a console loads', () => {
  it('says how often the host asks Alertmanager, so the wall holds the alerts list to that period', async () => {
    services = servicesFrom([], { mode: 'custom', alertPollSeconds: 30 }, { dataDir: mkdtempSync(join(tmpdir(), 'lockstep-session-')), version: 't', defaultActor: 'ana' });
    const client: ClientSession = { id: 'desk', send: () => {} };
    services.attach(client);
    const reply = (await services.handle('getSession', {}, client)) as RpcReply & { value?: SessionInfo };
    expect(SessionInfoSchema.parse(reply.value).alertPollSeconds).toBe(30);
  });
});
