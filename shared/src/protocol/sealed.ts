import { z } from 'zod';
import { objectHash } from '../crypto/hash';

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `${bytes} bytes of lower-case hex`);

/**
 * A sealed paper or answer key (docs/papers.md, "The sealed file"). Everything in it is public:
 * it may be copied to every kiosk before the exam. Its hash (`sealedHash`) can be announced in advance.
 */
export const sealedFileSchema = z
  .object({
    format: z.literal('sealed/1'),
    kind: z.enum(['paper', 'answer-key', 'interview']),
    sealId: hex(4),
    /** A public label, e.g. "2026 middle-level posts, written exam". Never the paper's content. */
    label: z.string().min(1).max(200),
    /** For an answer key, the seal id of its paper. */
    paperSealId: hex(4).optional(),
    threshold: z.number().int().min(2).max(9),
    count: z.number().int().min(2).max(9),
    /** SHA-256 under the `share` tag of each share's payload, share 1 first. */
    shareCommitments: z.array(hex(32)).min(2).max(9),
    /** SHA-256 under the `paper-key` tag of the key. */
    keyCommitment: hex(32),
    box: z.object({ nonce: z.string().max(64), ciphertext: z.string().max(20_000_000) }).strict(),
    sealedAt: z.string().datetime(),
  })
  .strict()
  .refine((s) => s.count >= s.threshold && s.shareCommitments.length === s.count, 'threshold ≤ count = number of commitments');
export type SealedFile = z.infer<typeof sealedFileSchema>;

/** The hash of a sealed file that is announced in advance: hex SHA-256 under the `sealed-paper` tag. */
export function sealedHash(file: SealedFile): string {
  return objectHash('sealed-paper', file);
}
