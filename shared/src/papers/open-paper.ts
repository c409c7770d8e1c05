import { openBytes, type SecretBox } from '../crypto/seal';
import { fromUtf8 } from '../encoding/bytes';
import { paperSchema, type Paper } from './paper';
import { layoutPaper, type PaperLayout } from './shuffle';

/**
 * What a kiosk does when the key arrives at the start signal: decrypt the sealed paper it holds
 * (which authenticates it), parse and check it, and lay it out by the candidate's seed. Null when
 * the key does not open the box.
 */
export function openSealedPaper(key: Uint8Array, box: SecretBox, seedHex: string): { paper: Paper; layout: PaperLayout } | null {
  const plain = openBytes(key, box);
  if (!plain) return null;
  const paper = paperSchema.parse(JSON.parse(fromUtf8(plain)));
  return { paper, layout: layoutPaper(paper, seedHex) };
}
