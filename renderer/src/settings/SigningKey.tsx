import { useEffect, useState } from 'react';
import { decodeBase64 } from '../../../shared/text/base64';
import { keyFingerprint } from '../../../shared/incident-file/web-crypto';
import { useStore } from '../store/store';
import { SafeText } from '../support/SafeText';

/**
 * The key this console signs incident files with, and the line a colleague pastes into
 * their config's `trustedSigners` so this console's files open there as verified.
 */
export function SigningKey() {
  const signers = useStore((s) => s.trustedSigners);
  const own = signers[0];
  const [fingerprint, setFingerprint] = useState<string>();
  useEffect(() => {
    const raw = own ? decodeBase64(own.publicKey) : undefined;
    if (raw) void keyFingerprint(raw).then(setFingerprint, () => setFingerprint(undefined));
  }, [own]);
  if (!own) return null;
  const entry = JSON.stringify({ name: 'a name for this console', publicKey: own.publicKey });
  return (
    <p className="settings__secrets muted" data-testid="settings-signing-key">
      <strong>Incident files</strong> exported here are signed with key <code>{fingerprint ?? '…'}</code>; they open as verified on a
      console whose config lists it in <code>trustedSigners</code>: <code><SafeText text={entry} /></code>. This console trusts{' '}
      {signers.length - 1 === 0 ? 'no other key' : `${signers.length - 1} other key${signers.length - 1 === 1 ? '' : 's'}`}.
    </p>
  );
}
