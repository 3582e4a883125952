/**
 * UTF-8 through the TextEncoder and TextDecoder every runtime of ours has (browsers, Node,
 * Electron); shared/ is built without DOM or Node types, so they are named here by the little
 * of them it uses.
 */
interface Runtime {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
}
const runtime = globalThis as unknown as Runtime;

export function encodeUtf8(text: string): Uint8Array {
  return new runtime.TextEncoder().encode(text);
}

// One decoder serves every call: without `stream`, decode() keeps nothing between calls.
const strict = new runtime.TextDecoder('utf-8', { fatal: true });

/** The text, or a throw (a TypeError) where the bytes are not UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return strict.decode(bytes);
}
