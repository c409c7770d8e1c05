import type { VerifyContext } from '../context';
import type { Step } from '../report';

/** Step 2: the server's signature over the bundle statement `{ bundleHash }`. */
export function addServerSignature(ctx: VerifyContext): void {
  ctx.addJob('bundle', { type: 'bundle-statement', object: { bundleHash: ctx.bundleHash }, publicKey: ctx.body.serverKey, signature: ctx.bundle.signature });
}

export function checkServerSignature(ctx: VerifyContext, s: Step): void {
  s.check(ctx.signed('bundle'), () => 'the server’s signature over the bundle does not verify');
}
