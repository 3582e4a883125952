import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../../shared/text/base64';
import { sealIncidentFile, type IncidentFileSigner } from '../../../shared/incident-file/seal';
import { createBundleClient } from '../api/bundle-client';
import { verificationText } from '../app/verification-text';
import { sampleBundle } from '../test/fixtures';
import { resetStore, useStore } from './store';

afterEach(() => resetStore());

function newSigner(): IncidentFileSigner & { base64: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
  return { publicKey: raw, base64: encodeBase64(raw), sign: async (data) => new Uint8Array(sign(null, data, privateKey)) };
}

describe('openIncidentFile', () => {
  it('opens a file this console signed as verified, names the signer, and forgets it on the way back', async () => {
    const host = createBundleClient({ ...sampleBundle(), exportedBy: 'host' }, 'host.json');
    await useStore.getState().attachClient(host);
    const me = newSigner();
    useStore.setState({ trustedSigners: [{ name: 'this console', publicKey: me.base64 }] });
    const file = await sealIncidentFile(sampleBundle(), { appVersion: '0.1.0', signer: me });

    expect(await useStore.getState().openIncidentFile('inc.lockstep', file)).toBeUndefined();
    const s = useStore.getState();
    expect(s.offlineFile).toBe('inc.lockstep');
    expect(s.offlineVerification?.state).toBe('verified');
    expect(s.alerts.map((a) => a.fingerprint).sort()).toEqual(['fp1', 'fp2']);
    const banner = verificationText(s.offlineVerification!, s.trustedSigners);
    expect(banner.verified).toBe(true);
    expect(banner.text).toBe(`Verified — signed by this console (key ${s.offlineVerification!.fingerprint}), exported by mia on 2023-11-14 22:23 UTC.`);

    await useStore.getState().leaveOffline();
    expect(useStore.getState().client).toBe(host);
    expect(useStore.getState().offlineVerification).toBeNull();
  });

  it('opens another key’s file as not verified, and a format 0 file as unverified (format 0)', async () => {
    const other = newSigner();
    const file = await sealIncidentFile(sampleBundle(), { appVersion: '0.1.0', signer: other });
    expect(await useStore.getState().openIncidentFile('theirs.lockstep', new TextDecoder().decode(file))).toBeUndefined();
    const v = useStore.getState().offlineVerification!;
    expect(v.state).toBe('unknown-signer');
    expect(verificationText(v, []).text).toBe(
      `Not verified — signed by an unknown key ${v.fingerprint}, exported by mia (says the file); trust it only if that key is your colleague's.`,
    );

    expect(await useStore.getState().openIncidentFile('old.lockstep.json', JSON.stringify(sampleBundle()))).toBeUndefined();
    const old = useStore.getState().offlineVerification!;
    expect(old).toEqual({ state: 'format-0', exportedBy: 'mia' });
    expect(verificationText(old, []).verified).toBe(false);
  });

  it('refuses a tampered file with its sentence and stays where it was', async () => {
    const host = createBundleClient({ ...sampleBundle(), exportedBy: 'host' }, 'host.json');
    await useStore.getState().attachClient(host);
    const file = await sealIncidentFile(sampleBundle(), { appVersion: '0.1.0' });
    const cut = file.subarray(0, file.length - 10);
    expect(await useStore.getState().openIncidentFile('cut.lockstep', cut)).toMatch(/^cut\.lockstep was not opened: the file ends early \(truncated at 0\.0 MB of 0\.0 MB\)/);
    expect(useStore.getState().offlineFile).toBeNull();
    expect(useStore.getState().client).toBe(host);
  });
});
