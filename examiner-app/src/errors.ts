import { RequestError } from '@exam/shared';
import type { Lang } from './i18n';

/** What each refusal means, in the desk's language; the server's own words follow in small print. */
const zh: Record<string, string> = {
  'bad-request': '输入内容不符合要求',
  'payload-too-large': '内容过大',
  forbidden: '无此权限，或该设备不能执行此操作',
  'fingerprint-mismatch': '指纹不符：输入的指纹与任何待登记设备都不一致，请对照设备屏幕重新核对；不符则不得登记',
  'device-not-admitted': '本设备尚未登记',
  'not-found': '未找到',
  conflict: '与当前状态冲突',
  'session-state': '当前阶段不能进行此操作',
  'too-early': '未到计划开考时间：提前开考须填写原因（将记入日志）',
  'share-code-malformed': '分片码格式不对（长度或字符有误）',
  'share-code-checksum': '分片码校验不符：有字符输错',
  'share-wrong-paper': '这不是本场试卷（或答案）的分片',
  'share-commitment-mismatch': '分片与密封文件中的承诺值不符：不是当初打印给该保管人的分片',
  'share-duplicate': '该分片已经输入过',
  'not-enough-shares': '输入的分片不足',
  'key-mismatch': '分片重建的密钥与密封文件不符',
  'unknown-ticket': '准考证号不存在',
  'already-submitted': '该考生已交卷',
  paused: '该座位已暂停',
  'mark-out-of-range': '分数超出该题满分',
  'signature-invalid': '签名验证失败',
  'challenge-invalid': '连接凭证失效，请刷新页面',
  unauthenticated: '连接未通过验证，请刷新页面',
  internal: '服务器出错（已记录）',
};

export function errorText(err: unknown, lang: Lang): { text: string; detail: string } {
  if (err instanceof RequestError) {
    const group = /group (\d+)/.exec(err.body.message)?.[1];
    const mine = lang === 'zh' ? (group && err.code === 'share-code-checksum' ? `分片码第 ${group} 组有字符输错，请对照分片单核对该组` : zh[err.code]) : undefined;
    return { text: mine ?? err.body.message, detail: mine ? `${err.code}: ${err.body.message}` : err.code };
  }
  return { text: lang === 'zh' ? '无法连接服务器' : 'cannot reach the server', detail: String(err) };
}
