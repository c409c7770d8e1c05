import { BUNDLE_FORMAT, bundleSchema, type Bundle } from '../bundle';
import type { Step } from '../report';

/**
 * Step 1: the file is a bundle of the format this verifier knows. A bundle of another format — the
 * `exam-bundle/2` whose logged rosters name no one, the `exam-bundle/1` of protocol 1, whose marks
 * name no version they replace — is refused as an unsupported version rather than verified by rules
 * it was not written under.
 */
export function checkFormat(input: unknown, s: Step): Bundle | null {
  const format = (input as { body?: { format?: unknown } } | null)?.body?.format;
  if (!s.check(typeof format !== 'string' || format === BUNDLE_FORMAT, () => `不支持的版本：本核验包是“${String(format)}”，本核验程序只读 ${BUNDLE_FORMAT}（协议第 2 版）——请用生成它的版本核验 · unsupported version: this bundle is “${String(format)}”; this verifier reads ${BUNDLE_FORMAT} (protocol 2) only — verify it with the release that wrote it`)) return null;
  const parsed = bundleSchema.safeParse(input);
  if (!s.check(parsed.success, () => `不是核验包：其结构不符合文档 · not a bundle: ${parsed.error!.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)) return null;
  // The values as the file gives them, not the schema's copy: what was signed and hashed is
  // checked as it was written (the schema's copy has its keys in the schema's order, so every
  // object would be sorted again to be encoded; the bundle's schemas transform nothing).
  return input as Bundle;
}
