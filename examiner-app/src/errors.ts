import { RequestError, errorTextOf } from '@exam/shared';
import type { Lang } from './i18n';

/**
 * What each refusal means, in the desk's language (shared's ERROR_TEXT, one table for every app);
 * in small print, the refusal's code for whoever is asked for help (and in English, the server's own
 * words, which are English: a Chinese screen shows none of them).
 */
export function errorText(err: unknown, lang: Lang): { text: string; detail: string } {
  if (err instanceof RequestError) {
    const group = /group (\d+)/.exec(err.body.message)?.[1];
    const mine = group && err.code === 'share-code-checksum' ? (lang === 'zh' ? `分片码第 ${group} 组有字符输错，请对照分片单核对该组` : `A character in group ${group} of the share code is mistyped: check that group against the share sheet`) : errorTextOf(err.code, lang);
    // A refusal that names its first problem in the screen's language says it too (not its field path, which is the protocol's).
    const first = err.body.details?.[0];
    const why = first?.zh ? (lang === 'zh' ? first.zh : first.message) : undefined;
    const text = mine && why ? `${mine}${lang === 'zh' ? '：' : ': '}${why}` : mine;
    return { text: text ?? err.body.message, detail: mine && lang === 'en' ? `${err.code}: ${err.body.message}` : err.code };
  }
  return { text: lang === 'zh' ? '无法连接服务器' : 'cannot reach the server', detail: String(err) };
}
