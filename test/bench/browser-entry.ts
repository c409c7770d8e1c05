// What the benchmark runs inside Chromium: the product's own functions from shared, bundled as
// the apps bundle them — the tablet's canonical encoding for signing, and the kiosk's opening of
// the sealed paper at the start signal.
export { fromBase64, openSealedPaper, signingBytes } from '@exam/shared';
