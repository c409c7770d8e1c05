// Starts a verification worker: registers the TypeScript loader in this thread (workers do not
// inherit it), then runs the worker itself, verify-thread.ts.
import { register } from 'tsx/esm/api';

register();
await import('./verify-thread.ts');
