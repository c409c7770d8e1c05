// The Node flags the server runs with, wherever it is started for real: `npm start`
// (scripts/bootstrap.mjs), `exam start --processes N` (its processes inherit them) and the
// benchmark's server (test/bench/venue.ts). The root `exam` and `bench` scripts in package.json
// write the same out, as a script line cannot import this (test/server-flags.test.ts holds them to it).
//
// A larger young generation: autosaves allocate many short-lived objects. On the benchmark's 2-core
// machine, 64 MB gave about a quarter more durable saves a second than 16 MB (docs/architecture.md).
export const YOUNG_GENERATION_FLAGS = ['--max-semi-space-size=64'];

// Code compiled from its first call: V8 runs a function's first calls in its interpreter and
// gathers the feedback its optimising compiler needs only after several calls. A server meets its
// busiest code cold — the first ballots of a meeting, the first saves after the start signal — so it
// compiles every function to baseline code at once (Sparkplug) and keeps feedback from the first call.
// What that gave on the benchmark's 2-core machine is written once, in docs/architecture.md.
export const EARLY_CODE_FLAGS = ['--always-sparkplug', '--no-lazy-feedback-allocation'];

export const SERVER_NODE_FLAGS = [...YOUNG_GENERATION_FLAGS, ...EARLY_CODE_FLAGS];
