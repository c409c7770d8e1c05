import { keyCommitment, openBytes } from '../../crypto/seal';
import { fromBase64, fromUtf8 } from '../../encoding/bytes';
import { sealedHash } from '../../protocol/sealed';
import { answerKeySchema, paperSchema } from '../../papers/paper';
import { interviewSetSchema } from '../../interview/questions';
import { short, type VerifyContext } from '../context';
import type { Step } from '../report';

/**
 * Step 6: each sealed file's hash was announced on the log before the day (`session.created` or
 * `interview.day-created`). Where a key is given: its commitment is the file's `keyCommitment`, it
 * opens the box (which authenticates it), the content parses as its kind, and the log recorded the
 * opening with that very key. What opens here is what the later steps mark and score against.
 */
export function checkSealed(ctx: VerifyContext, s: Step): void {
  const { body } = ctx;
  const announced = new Set(ctx.logOf('session.created', 'interview.day-created').flatMap((e) => [e.payload['paperSealedHash'], e.payload['answerKeySealedHash'], e.payload['questionsSealedHash']].filter((x): x is string => typeof x === 'string')));
  const openings = ctx.logOf('exam.started', 'answer-key.opened', 'interview-questions.opened');
  for (const sf of body.sealed) {
    const { file } = sf;
    const h = sealedHash(file);
    s.check(announced.has(h), () => `密封文件 ${file.sealId}（${file.kind}）的哈希为 ${short(h)}，日志从未公布 · the ${file.kind} ${file.sealId} has hash ${short(h)}, which the log never announced`);
    if (sf.key === null) continue;
    const key = fromBase64(sf.key);
    if (!s.check(keyCommitment(key) === file.keyCommitment, () => `为密封文件 ${file.sealId}（${file.kind}）给出的密钥与其承诺不符 · the key given for ${file.kind} ${file.sealId} is not the one its commitment names`)) continue;
    const bytes = openBytes(key, file.box);
    if (!s.check(bytes !== null, () => `所给密钥打不开密封文件 ${file.sealId}（${file.kind}） · the key does not open ${file.kind} ${file.sealId}`)) continue;
    s.check(openings.some((e) => e.payload['key'] === sf.key), () => `用此密钥启封 ${file.sealId}（${file.kind}）的记录不在日志中 · the opening of ${file.kind} ${file.sealId} with this key is not on the log`);
    let json: unknown;
    try {
      json = JSON.parse(fromUtf8(bytes!));
    } catch {
      s.check(false, () => `密封文件 ${file.sealId}（${file.kind}）解密后不是 JSON · ${file.kind} ${file.sealId} opens to something that is not JSON`);
      continue;
    }
    const schema = file.kind === 'paper' ? paperSchema : file.kind === 'answer-key' ? answerKeySchema : interviewSetSchema;
    const parsed = schema.safeParse(json);
    if (!s.check(parsed.success, () => `密封文件 ${file.sealId}（${file.kind}）解密后的内容无效 · ${file.kind} ${file.sealId} opens to content that is not a valid ${file.kind}`)) continue;
    if (file.kind === 'paper') ctx.papers.set(file.sealId, paperSchema.parse(json));
    else if (file.kind === 'answer-key') ctx.answerKeys.set(file.sealId, answerKeySchema.parse(json));
    else ctx.questionSets.set(file.sealId, interviewSetSchema.parse(json));
  }
}
