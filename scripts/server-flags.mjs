// The Node flags the server runs with, wherever it is started for real: `npm start`
// (scripts/bootstrap.mjs) and the benchmark's server (test/bench/main.ts). The root `exam` script
// in package.json writes the same out, as a script line cannot import this.
//
// A larger young generation: autosaves allocate many short-lived objects. On the benchmark's 2-core
// machine, 64 MB gave about a quarter more durable saves a second than 16 MB (docs/architecture.md).
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];
