import type { Verification } from '../../../shared/incident-file/read';
import type { TrustedSigner } from '../../../shared/incident-file/trusted-signer';

const utcMinute = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The offline banner's sentence on how far an opened file can be trusted. Only a file
 * signed by a trusted key says "Verified"; everything else says "Not verified" first, and
 * the exporter's name is marked as the file's own claim.
 */
export function verificationText(v: Verification, trusted: readonly TrustedSigner[]): { verified: boolean; text: string } {
  switch (v.state) {
    case 'verified': {
      const who = trusted.find((s) => s.publicKey === v.publicKey)?.name ?? 'a trusted key';
      const when = v.signedAt === undefined ? '' : ` on ${utcMinute(v.signedAt)}`;
      return { verified: true, text: `Verified — signed by ${who} (key ${v.fingerprint ?? '?'}), exported by ${v.exportedBy}${when}.` };
    }
    case 'unknown-signer':
      return {
        verified: false,
        text: `Not verified — signed by an unknown key ${v.fingerprint ?? '?'}, exported by ${v.exportedBy} (says the file); trust it only if that key is your colleague's.`,
      };
    case 'unsigned':
      return { verified: false, text: `Not verified — the file is not signed, so anyone could have written it; exported by ${v.exportedBy} (says the file).` };
    case 'format-0':
      return { verified: false, text: `Unverified (format 0) — an unsealed export from an older Lockstep that anyone could have edited; exported by ${v.exportedBy} (says the file).` };
  }
}
