import type { VerifyContext } from '../context';
import type { Step } from '../report';
import type { SignatureJob } from '../signatures';

/** Step 2: the server's signature over the bundle statement `{ bundleHash }` (once the bundle hash is known); the job is added last. */
export function addServerSignature(ctx: VerifyContext): SignatureJob {
  return ctx.addJob('bundle', { type: 'bundle-statement', object: { bundleHash: ctx.bundleHash }, publicKey: ctx.body.serverKey, signature: ctx.bundle.signature });
}

export function checkServerSignature(ctx: VerifyContext, s: Step): void {
  s.check(ctx.signed('bundle'), () => `服务器对本核验包的签名验证不通过 · the server’s signature over the bundle does not verify`);
}
