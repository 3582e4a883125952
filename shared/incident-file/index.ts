export * from './envelope';
export * from './read';
export * from './seal';
export { keyFingerprint } from './web-crypto';
export { encodeBase64, decodeBase64 } from '../text/base64';
export * from './trusted-signer';
