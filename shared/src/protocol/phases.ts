/**
 * The phases whose end the server marks with a checkpoint. The phase is part of the signed
 * checkpoint statement, so it is written the same way on every server: `<session or day>: <name>`
 * (a room's scoring: `<day>: <room> scoring finished`). Screens show it in their language.
 */
export const PHASE_NAMES = {
  'paper opened': { zh: '试卷启封', en: 'paper opened' },
  'exam closed': { zh: '收卷', en: 'exam closed' },
  'answer key opened, objective marks': { zh: '答案启封，客观题评分', en: 'answer key opened, objective marks' },
  'marking finished': { zh: '阅卷完成', en: 'marking finished' },
  'lots drawn': { zh: '抽签完成', en: 'lots drawn' },
  'seats drawn': { zh: '座位抽签完成', en: 'seats drawn' },
  'evaluation closed': { zh: '测评结束', en: 'evaluation closed' },
  'scoring finished': { zh: '评分完成', en: 'scoring finished' },
} as const;
export type PhaseName = keyof typeof PHASE_NAMES;

/** The phase of a checkpoint as it is signed. */
export function checkpointPhase(subject: string, name: PhaseName, room?: string): string {
  return room ? `${subject}: ${room} ${name}` : `${subject}: ${name}`;
}

/**
 * A phase as a screen shows it: the session or day by its label where one is given (screens show
 * no ids), the phase's name in the screen's language; one the table does not know (typed at the
 * desk) is shown as it is.
 */
export function phaseText(phase: string, lang: 'zh' | 'en', label?: string | null): string {
  const at = phase.indexOf(': ');
  if (at < 0) return phase;
  const subject = label ?? phase.slice(0, at);
  const rest = phase.slice(at + 2);
  const sep = lang === 'zh' ? '：' : ': ';
  if (rest in PHASE_NAMES) return `${subject}${sep}${PHASE_NAMES[rest as PhaseName][lang]}`;
  const room = / scoring finished$/.exec(rest) ? rest.slice(0, -' scoring finished'.length) : null;
  return room ? `${subject}${sep}${room} ${PHASE_NAMES['scoring finished'][lang]}` : phase;
}
