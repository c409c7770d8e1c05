export type Lang = 'zh' | 'en';

const zh = {
  lang: 'zh' as Lang,
  title: '考生机',
  enrolTitle: '本机尚未登记',
  enrolHelp: '请监考员在监考台核对下方指纹后，将本机分配到座位。',
  fingerprint: '设备指纹',
  keyStrong: '私钥不可导出（WebCrypto）',
  keyWeak: '注意：此浏览器无法生成不可导出的密钥',
  seat: '座位',
  room: '考场',
  signInTitle: '考生登录',
  ticket: '准考证号',
  signIn: '登录',
  waitingTitle: '等待开考',
  waitingHelp: '试卷已加密下载到本机，开考信号发出后自动启封。',
  sealedReady: '密封试卷已就绪',
  sealedLoading: '正在下载密封试卷…',
  startsIn: '距计划开考',
  scheduledAt: '计划开考时间',
  timeLeft: '剩余时间',
  answered: '已答',
  saved: '已保存',
  saving: '待保存',
  offline: '网络断开，答案保存在本机，恢复后自动上传',
  submit: '交卷',
  confirmSubmit: '确认交卷？交卷后不能再修改答案。',
  confirm: '确认交卷',
  cancel: '继续作答',
  unanswered: '尚有未答题目',
  submittedTitle: '已交卷',
  receipt: '交卷回执',
  receiptHelp: '请核对回执编号，回执由服务器签名。',
  answersCount: '作答题数',
  pausedTitle: '本座位已暂停',
  pausedHelp: '请听从监考员安排。',
  closedTitle: '考试已结束',
  announcement: '通知',
  blank: '空',
  trueLabel: '正确',
  falseLabel: '错误',
  points: '分',
  words: '字',
  fullscreen: '请保持全屏作答',
  enterFullscreen: '进入全屏',
  candidate: '考生',
  revokedTitle: '本机已被注销或替换',
  revokedHelp: '请联系监考员。',
  lostAfterClose: '考试结束时仍有未上传的修改，未被接受',
};
type Dict = typeof zh;
const en: Dict = {
  lang: 'en',
  title: 'Candidate kiosk',
  enrolTitle: 'This kiosk is not admitted yet',
  enrolHelp: 'The invigilator compares the fingerprint below at the desk and assigns this kiosk to a seat.',
  fingerprint: 'Device fingerprint',
  keyStrong: 'Private key is non-extractable (WebCrypto)',
  keyWeak: 'Warning: this browser cannot make a non-extractable key',
  seat: 'Seat',
  room: 'Room',
  signInTitle: 'Candidate sign-in',
  ticket: 'Admission ticket',
  signIn: 'Sign in',
  waitingTitle: 'Waiting for the start',
  waitingHelp: 'The sealed paper is on this kiosk; it opens by itself at the start signal.',
  sealedReady: 'Sealed paper ready',
  sealedLoading: 'Downloading the sealed paper…',
  startsIn: 'Scheduled start in',
  scheduledAt: 'Scheduled start',
  timeLeft: 'Time left',
  answered: 'Answered',
  saved: 'Saved',
  saving: 'To save',
  offline: 'Offline: your answers are kept on this kiosk and sent when the network returns',
  submit: 'Hand in',
  confirmSubmit: 'Hand in now? You cannot change your answers afterwards.',
  confirm: 'Hand in',
  cancel: 'Keep working',
  unanswered: 'Some questions are unanswered',
  submittedTitle: 'Handed in',
  receipt: 'Receipt',
  receiptHelp: 'Check the receipt number; the server signed it.',
  answersCount: 'Questions answered',
  pausedTitle: 'This seat is paused',
  pausedHelp: 'Please follow the invigilator.',
  closedTitle: 'The exam is over',
  announcement: 'Announcement',
  blank: 'blank',
  trueLabel: 'True',
  falseLabel: 'False',
  points: 'pts',
  words: 'characters',
  fullscreen: 'Please stay in full screen',
  enterFullscreen: 'Full screen',
  candidate: 'Candidate',
  revokedTitle: 'This kiosk was revoked or replaced',
  revokedHelp: 'Please ask the invigilator.',
  lostAfterClose: 'Changes not yet saved when the exam ended were not accepted',
};

export const dictionaries: Record<Lang, Dict> = { zh, en };
export type T = Dict;

/** Error messages by code said more plainly for candidates; every other code has shared's ERROR_TEXT. */
export const errorText: Record<Lang, Record<string, string>> = {
  zh: {
    'wrong-seat': '请到本人座位登录',
    'unknown-ticket': '准考证号不存在',
    'late-entry-closed': '已超过迟到入场时间',
    'time-up': '考试时间已到',
    'already-submitted': '已交卷',
    paused: '本座位已暂停',
    offline: '无法连接服务器',
    'device-not-admitted': '本机尚未登记',
    'bad-request': '输入格式不正确，请核对准考证号',
    'session-state': '考试尚未开始或已经结束',
    'not-signed-in': '请先登录',
    forbidden: '该考生已在其他考生机登录',
    conflict: '答案尚未全部保存，正在重新上传，请稍候再交卷',
    'key-mismatch': '试卷无法启封，请联系监考员',
    internal: '服务器出错，请联系监考员',
  },
  en: {
    offline: 'Cannot reach the server',
    'session-state': 'The exam has not started or has ended',
    forbidden: 'This candidate is signed in at another kiosk',
    conflict: 'Not every answer is saved yet; they are being sent again: hand in again in a moment',
    'key-mismatch': 'The paper cannot be opened: call an invigilator',
    internal: 'The server failed: call an invigilator',
  },
};

/**
 * A time left, with its units written out ("29 分 58 秒", "1 小时 05 分 00 秒"), so that it cannot be
 * read as a time of day the way "29:58" can.
 */
export function formatDuration(ms: number, lang: Lang = 'zh'): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return lang === 'zh' ? `${h > 0 ? `${h} 小时 ` : ''}${mm} 分 ${sec} 秒` : `${h > 0 ? `${h} h ` : ''}${mm} min ${sec} s`;
}
