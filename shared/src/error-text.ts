import type { ErrorCode } from './errors';

/**
 * What every error code means, in Chinese and in English, for the people at the screens: the
 * desk, the tablets and the kiosks show these (a kiosk may say it more plainly for candidates),
 * never the server's English message alone. A code added to `ERROR_CODES` without its text here
 * does not compile, and error-text.test.ts checks that no Chinese text leaks English.
 */
export const ERROR_TEXT: Record<ErrorCode, { zh: string; en: string }> = {
  'bad-request': { zh: '输入内容不符合要求', en: 'What was sent is not in the expected form' },
  'payload-too-large': { zh: '内容过大', en: 'Too large' },
  'protocol-version': { zh: '本页面版本与服务器不一致，请刷新页面', en: 'This page and the server are of different versions: reload the page' },
  unauthenticated: { zh: '连接未通过验证，请刷新页面', en: 'The connection was not authenticated: reload the page' },
  'challenge-invalid': { zh: '连接凭证失效，请刷新页面', en: 'The connection challenge has expired: reload the page' },
  'signature-invalid': { zh: '签名验证失败', en: 'The signature does not verify' },
  'key-refused': { zh: '本设备的密钥已被注销或替换，不能再连接', en: 'This device’s key was revoked or replaced and cannot connect' },
  'fingerprint-mismatch': { zh: '指纹不符：输入的指纹与任何待登记设备都不一致，请对照设备屏幕重新核对；不符则不得登记', en: 'The fingerprint matches no waiting device: read it again off the device’s own screen, and do not admit it if it differs' },
  'desk-code-wrong': { zh: '监考台登录码不对，请对照服务器启动时打印的登录码重新输入', en: 'The desk access code is wrong: type it again from the code the server printed at start' },
  'device-not-admitted': { zh: '本设备尚未登记', en: 'This device has not been admitted' },
  forbidden: { zh: '无此权限，或该设备不能执行此操作', en: 'This device may not do that' },
  'not-found': { zh: '未找到', en: 'Not found' },
  conflict: { zh: '与当前状态冲突', en: 'That conflicts with the current state' },
  'wrong-seat': { zh: '请到本人座位登录', en: 'Sign in at your own seat' },
  'unknown-ticket': { zh: '准考证号不存在', en: 'No such admission ticket' },
  'not-signed-in': { zh: '请先登录', en: 'Sign in first' },
  'session-state': { zh: '当前阶段不能进行此操作', en: 'Not possible at this stage' },
  'too-early': { zh: '未到计划开考时间：提前开考须填写原因（将记入日志）', en: 'It is before the scheduled start: starting early needs a reason, which is logged' },
  'late-entry-closed': { zh: '已超过迟到入场时间', en: 'Late entry has closed' },
  'time-up': { zh: '考试时间已到', en: 'Time is up' },
  paused: { zh: '该座位已暂停', en: 'This seat is paused' },
  'already-submitted': { zh: '该考生已交卷', en: 'This candidate has already handed in' },
  'share-code-malformed': { zh: '分片码格式不对（长度或字符有误）', en: 'The share code is not in the right form (length or characters)' },
  'share-code-checksum': { zh: '分片码校验不符：有字符输错', en: 'The share code’s check does not match: a character is mistyped' },
  'share-wrong-paper': { zh: '这不是本场试卷（或答案）的分片', en: 'This share is for another paper (or answer key)' },
  'share-commitment-mismatch': { zh: '分片与密封文件中的承诺值不符：不是当初打印给该保管人的分片', en: 'The share does not match the sealed file’s commitment: it is not the share printed for this keyholder' },
  'share-duplicate': { zh: '该分片已经输入过', en: 'This share has already been entered' },
  'not-enough-shares': { zh: '输入的分片不足', en: 'Not enough shares have been entered' },
  'key-mismatch': { zh: '分片重建的密钥与密封文件不符', en: 'The key rebuilt from the shares does not open the sealed file' },
  'invalid-paper': { zh: '试卷文件有误', en: 'The paper file has errors' },
  'invalid-roster': { zh: '名单文件有误', en: 'The roster file has errors' },
  'mark-out-of-range': { zh: '分数超出该题满分', en: 'The mark is above the question’s maximum' },
  'registration-closed': { zh: '不在报名时间内：报名已截止或尚未开始', en: 'Registration is not open: it has closed or not yet begun' },
  'already-registered': { zh: '该身份证号已有有效报名：如需修改或撤回，请使用报名回执上的查询码', en: 'This ID number already has an active registration: to change or withdraw it, use the secret on its slip' },
  'slip-secret-wrong': { zh: '身份证号或查询码不对，请对照报名回执重新输入', en: 'The ID number or the slip’s secret is wrong: type them again from the slip' },
  'too-many-attempts': { zh: '尝试次数过多，请稍后再试', en: 'Too many attempts: try again later' },
  'rules-fixed': { zh: '规则已固定：它所涉及的环节已经开始，不能再修改', en: 'The rules are fixed: a component they name has begun, so they can no longer change' },
  internal: { zh: '服务器出错（已记录）', en: 'The server failed (this is logged)' },
};

/** A code's text in a language; undefined for a code that is not the protocol's (a client's own "offline"). */
export function errorTextOf(code: string, lang: 'zh' | 'en'): string | undefined {
  return (ERROR_TEXT as Partial<Record<string, { zh: string; en: string }>>)[code]?.[lang];
}
