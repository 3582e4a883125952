import { z } from 'zod';

/** A public key whose incident files open as verified: this install's own, and those listed in the config's `trustedSigners`. */
export const TrustedSignerSchema = z.object({
  /** Who holds the key, as the banner says it ("verified — signed by Ana's laptop"). */
  name: z.string().min(1).max(100),
  /** The raw 32-byte Ed25519 public key in base64, as another console's Settings shows it. */
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'is not a base64 Ed25519 public key (44 characters ending in "=")'),
});
export type TrustedSigner = z.infer<typeof TrustedSignerSchema>;
