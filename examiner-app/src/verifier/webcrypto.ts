// The offline verifier's signature path: WebCrypto Ed25519 behind the protocol's guards, from shared
// (where the Wycheproof test in Chromium runs the very same function).
export { browserVerifyMany } from '@exam/shared';
