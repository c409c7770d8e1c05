export { startExamServer, type RunningServer, type ServerOptions } from './server';
export { createSession, type NewSession } from './sessions/create';
export { parseRoster, decodeRoster, type RosterRow } from './sessions/roster';
export { parseAuthoredPaper } from './papers/authoring';
export { sealPaper } from './papers/seal';
export { verifyAuditChain } from './audit/log';
export { verifyEd25519Fast } from './identity/verify-fast';
export { openDatabase } from './db/database';
export { setUpDemo, type DemoSetup } from './demo/setup';
