#!/usr/bin/env -S npx tsx
import { ballotCodesCommand } from './ballot-codes';
import '../identity/native-hash';
import { Command, Help, type Option } from 'commander';
import { resolve } from 'node:path';
import { ExamError } from '@exam/shared';
import { startCommand } from './start';
import { sealCommand, checkPaperCommand } from './seal';
import { auditVerifyCommand } from './audit';
import { sessionCreateCommand } from './session';
import { interviewCreateCommand } from './interview';
import { exportCommand, verifyCommand } from './verify';
import { publishCommand } from './publish';
import { cliLang, errorLines, say, takeLangFlag } from './lang';
import { restoreCommand } from './restore';

function fail(err: unknown): never {
  if (err instanceof ExamError) for (const line of errorLines(err)) console.error(line);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}

// The language first (`--lang`, wherever it is given): the help below is written in it.
let args: string[] = [];
try {
  args = takeLangFlag(process.argv.slice(2).filter((a, i) => !(a === '--' && i === 0)));
} catch (err) {
  fail(err);
}

/** The help's own words (headings, defaults) in Chinese when the CLI speaks Chinese; commander's otherwise. */
const HELP_WORDS_ZH: Record<string, string> = { 'Usage:': '用法：', 'Options:': '选项：', 'Commands:': '命令：', 'Arguments:': '参数：', 'Global Options:': '全局选项：' };
const zhHelp = cliLang() === 'zh';

/** commander's error lines in Chinese, the English kept after them (a name or value in them stays as given). */
function commanderErrorZh(text: string): string {
  const rules: Array<[RegExp, (...m: string[]) => string]> = [
    [/^error: required option '(.+)' not specified/, (o) => `缺少必需的选项 ${o}`],
    [/^error: missing required argument '(.+)'/, (a) => `缺少参数 ${a}`],
    [/^error: option '(.+)' argument missing/, (o) => `选项 ${o} 缺少取值`],
    [/^error: unknown option '([^']+)'(?:\s*\(Did you mean (?:one of )?(.+)\?\))?/, (o, hint) => `没有选项 ${o}${hint ? `（是否想用 ${hint}？）` : ''}`],
    [/^error: unknown command '([^']+)'(?:\s*\(Did you mean (?:one of )?(.+)\?\))?/, (c, hint) => `没有命令 ${c}${hint ? `（是否想用 ${hint}？）` : ''}`],
    [/^error: too many arguments/, () => '参数过多'],
  ];
  for (const [pattern, zh] of rules) {
    const m = pattern.exec(text.trim());
    if (m) return `错误：${zh(...m.slice(1))}\n  ${text.trim().split('\n').join('\n  ')}\n`;
  }
  return text;
}

const program = new Command('exam').description(say('竞争上岗考务系统：考务服务器与工具', 'Sealed exam server and tools (竞争上岗考务系统)'));
const dataOption = (c: Command) =>
  c
    .option('--data <dir>', say('数据文件夹（密钥、证书，以及未用 --database 时的 SQLite 数据库）', 'the data folder (keys, certificate, and the SQLite database unless --database)'), resolve('data'))
    .option('--database <url>', say('数据改存 PostgreSQL，而不是 SQLite 文件：postgres://用户:密码@主机:5432/库名（或用 EXAM_DATABASE；见 docs/postgresql.md）', 'keep the data in PostgreSQL instead of the SQLite file: postgres://user:password@host:5432/name (or EXAM_DATABASE; docs/postgresql.md)'), process.env.EXAM_DATABASE || undefined);

if (zhHelp) {
  program.configureHelp({
    styleTitle: (title: string) => HELP_WORDS_ZH[title] ?? title,
    optionDescription: (option: Option) => Help.prototype.optionDescription.call(new Help(), option).replace(/ ?\(default: (.*)\)$/, '（默认：$1）'),
  });
}
program.helpOption('-h, --help', say('显示帮助', 'display help for command'));
// commander's own errors (a missing option, an unknown command…), said in Chinese too.
if (zhHelp) program.configureOutput({ outputError: (text, write) => write(commanderErrorZh(text)) });
program.helpCommand('help [command]', say('显示某个命令的帮助', 'display help for command'));

/** A roster to import (its last column named) and the rows whose warnings the organiser confirms: session-create's and interview-create's. */
const rosterOptions = (c: Command, lastColumn: string) =>
  c
    .requiredOption('--roster <file>', say(`考生名单，.xlsx 或 CSV（UTF-8 或 GB18030）：姓名,身份证号,准考证号,${lastColumn}`, `roster, .xlsx or CSV (UTF-8 or GB18030): 姓名,身份证号,准考证号,${lastColumn}`))
    .option('--accept <rows>', say('确认这些行的提示（例如 3,7，或 all），按所示方式导入', 'confirm the roster warnings of these rows (e.g. 3,7, or all) and import them as shown'));

dataOption(program.command('start'))
  .description(say('启动服务器；--demo 在首次启动时准备演示场次', 'start the server; --demo sets up a demonstration session on first start'))
  .option('--port <n>', say('本机的 HTTP 端口', 'plain HTTP port on localhost'), '8080')
  .option('--https-port <n>', say('局域网的 HTTPS 端口', 'HTTPS port on the LAN'), '8443')
  .option('--no-https', say('不开 HTTPS（只供本机访问）', 'no HTTPS listener (localhost only)'))
  .option('--processes <n>', say('由 N 个进程共用端口提供服务（需要 --database postgres://…；见 docs/processes.md）', 'serve from N processes sharing the ports (needs --database postgres://…; docs/processes.md)'), '1')
  .option('--redis <url>', say('进程间的广播经 Redis（redis://主机:6379）而不是 PostgreSQL 传递（或用 EXAM_REDIS；见 docs/processes.md）', 'carry the broadcasts between processes over Redis (redis://host:6379) instead of PostgreSQL (or EXAM_REDIS; docs/processes.md)'), process.env.EXAM_REDIS || undefined)
  .option('--demo', say('数据文件夹中尚无任何数据时，准备演示场次', 'set up the demonstration session in a data folder that holds nothing yet'))
  .option('--demo-selection', say('与 --demo 一起：再演示一次竞争上岗，直到党委（党组）研究决定（约半分钟），可在控制台继续到公示', 'with --demo, also play a demonstration selection up to the committee’s decision (half a minute), to be taken on to the notice in the console'))
  .option('--backup-to <folder>', say('每隔几分钟及每个环节结束时，把加密备份写到此文件夹（U 盘）', 'write encrypted backups to this folder (a USB stick) every few minutes and at the end of each phase'))
  .option('--backup-every <minutes>', say('两次备份之间的分钟数', 'minutes between backups'), '5')
  .option('--phones <host>', say('允许参评人用手机投票（民主测评），地址 https://主机名:HTTPS端口/kiosk/#phone；须同时给出 --phones-cert 和 --phones-key：手机已信任的、该主机名的证书', 'allow voters’ phones to vote (democratic evaluation) at https://HOST:HTTPS-PORT/kiosk/#phone, with --phones-cert and --phones-key: a certificate the phones already trust, for HOST'))
  .option('--phones-cert <file>', say('--phones 用的 PEM 证书', 'the PEM certificate for --phones'))
  .option('--phones-key <file>', say('--phones 用的 PEM 私钥', 'the PEM key for --phones'))
  .action(startCommand);

program
  .command('restore')
  .description(say('把备份恢复到一个新的数据文件夹，再从它启动服务器（见 docs/backups.md）', 'put a backup into a new data folder; start the server from it (docs/backups.md)'))
  .requiredOption('--from <file>', say('备份文件（exam-backup-….bak）', 'the backup file (exam-backup-….bak)'))
  .requiredOption('--data <dir>', say('一个新的空数据文件夹', 'a new, empty data folder'))
  .requiredOption('--key <code>', say('开启备份时打印的备份密钥', 'the backup key printed when backups were switched on'))
  .option('--note <text>', say('发生了什么（随恢复记入日志）', 'what happened (logged with the restore)'))
  .action(restoreCommand);

program
  .command('seal <paper>')
  .description(say('密封命好的试卷（YAML）或面试题本，并生成分片单', 'seal an authored paper (YAML) — or interview questions — and write the share sheets'))
  .requiredOption('--out <dir>', say('存放密封文件和分片单的文件夹', 'folder for the sealed files and share sheets'))
  .option('-k, --threshold <k>', say('启封所需的分片数', 'shares needed to open'), '2')
  .option('-n, --shares <n>', say('生成的分片数（最多 9）', 'shares made (at most 9)'), '3')
  .option('--label <text>', say('试卷的公开名称', 'the public label of the paper'))
  .option('--force', say('替换 --out 中同名的已密封试卷（已打印的分片随之作废）', 'replace a sealed paper of the same name in --out (its printed shares become useless)'))
  .action(sealCommand);

program
  .command('ballot-codes')
  .description(say('离线生成民主测评的测评码：待打印的卡片（HTML、PDF）和交给服务器的公钥列表', 'make the ballot codes of an evaluation offline: cards to print (HTML, PDF) and the public key lists for the server'))
  .requiredOption('--evaluation <id>', say('测评编号，例如 2026-eval', 'the evaluation id, e.g. 2026-eval'))
  .option('--group <id=entitled[:name]>', say('参评人员类别及应参加人数（可重复），例如 leaders=12:领导班子成员', 'a voter group and how many are entitled (repeatable), e.g. leaders=12:领导班子成员'), (v: string, acc: string[] = []) => [...acc, v])
  .option('--spares <n>', say('每类备用卡片数', 'spare cards per group'), '2')
  .option('--title <text>', say('印在每张卡片上', 'printed on each card'), '民主测评')
  .requiredOption('--out <dir>', say('存放卡片和公钥列表的文件夹', 'folder for the cards and the key lists'))
  .option('--force', say('替换 --out 中以前生成的卡片（已打印的作废）', 'replace cards made before in --out (those printed no longer count)'))
  .action(ballotCodesCommand);

program.command('check-paper <paper>').description(say('检查命好的试卷，逐一指出问题及所在行', 'check an authored paper and name every problem with its line')).action(checkPaperCommand);

rosterOptions(dataOption(program.command('session-create')), '座位号')
  .description(say('设置笔试场次（须先停止服务器）', 'set up an exam session (with the server stopped)'))
  .requiredOption('--id <id>', say('场次编号，例如 2026-written-room1', 'session id, e.g. 2026-written-room1'))
  .requiredOption('--label <text>', say('在考生机和监考台上显示的名称', 'label shown on kiosks and the desk'))
  .requiredOption('--room <room>', say('考场', 'exam room'))
  .requiredOption('--paper <file>', say('密封的试卷（.sealed.json）', 'the sealed paper (.sealed.json)'))
  .requiredOption('--answer-key <file>', say('密封的参考答案', 'the sealed answer key'))
  .requiredOption('--start <time>', say('计划开考时间，ISO 8601 格式并带时区，例如 2026-12-01T09:00:00+08:00', 'scheduled start, ISO 8601 with offset, e.g. 2026-12-01T09:00:00+08:00'))
  .requiredOption('--duration <minutes>', say('考试时长（分钟）（试卷是密封的，服务器读不到试卷自带的时长）', 'duration in minutes (the paper is sealed, so the server cannot read the paper’s own)'))
  .option('--late <minutes>', say('开考后允许迟到入场的分钟数', 'late-entry window after the start'), '15')
  .option('--seats <list>', say('另加的座位，例如 01-40', 'extra seats, e.g. 01-40'))
  .action(sessionCreateCommand);

rosterOptions(dataOption(program.command('interview-create')), '面试室')
  .description(say('设置面试日（须先停止服务器）', 'set up an interview day (with the server stopped)'))
  .requiredOption('--id <id>', say('面试日编号，例如 2026-interview', 'day id, e.g. 2026-interview'))
  .requiredOption('--label <text>', say('在监考台上显示的名称', 'label shown at the desk'))
  .requiredOption('--questions <file>', say('密封的面试题本（.interview.sealed.json）', 'the sealed interview questions (.interview.sealed.json)'))
  .option('--holding-room <name>', say('候考室', 'the holding room (候考室)'), '候考室')
  .option('--finished-room <name>', say('候分室', 'the finished room (候分室)'), '候分室')
  .option('--trim-at <n>', say('计分的评分表不少于此数时，去掉一个最高分和一个最低分', 'drop the highest and lowest when at least this many sheets count'), '5')
  .option('--outlier <points>', say('总分与考官组中位数相差这么多时提示', 'flag a total this far from the panel’s median'), '10')
  .option('--announce', say('考官组签名后当场公布每位考生的成绩', 'announce each score on the spot once the panel has signed'))
  .action(interviewCreateCommand);

dataOption(program.command('export-bundle'))
  .description(say('为外部监督员导出签名的核验包（见 docs/bundle.md）', 'write the signed export bundle for outside supervisors (docs/bundle.md)'))
  .requiredOption('--out <file>', say('核验包写到哪里（JSON）', 'where to write the bundle (JSON)'))
  .option('--supervisors <file>', say('同时导出监督员核验包（报名表、签名的审查决定与回避申报：含个人信息，不公开）', 'also write the supervisors’ bundle (forms, signed decisions and declarations: personal data, never published)'))
  .action(exportCommand);

program
  .command('verify <bundle>')
  .description(say('在本机核验核验包，不需要服务器；只有各项均成立时退出码才为 0', 'verify a bundle on this machine, without the server; exit code 0 only when everything holds'))
  .option('--json', say('以 JSON 输出核验报告', 'print the report as JSON'))
  .option('--checkpoint <seq:hash>', say('监督员抄下的检查点（可重复）', 'a checkpoint the supervisors kept (repeatable)'), (v: string, acc: string[] = []) => [...acc, v])
  .option('--fingerprints <file>', say('密钥仪式记录单上的指纹，每行一个', 'fingerprints from the ceremony sheets, one per line'))
  .option('--kept <file>', say('从监督员平板导出的检查点文件（可重复）', 'a checkpoint file exported from a supervisor’s tablet (repeatable)'), (v: string, acc: string[] = []) => [...acc, v])
  .option('--supervisors <file>', say('监督员核验包：选拔中各项承诺背后的记录', 'the supervisors’ bundle: the records behind the selection’s commitments'))
  .option('--ballot-list <evaluation/group: count: hash>', say('抄在仪式记录单上的测评码卡片记录（可重复）', 'an evaluation’s card list as written on the ceremony sheet (repeatable)'), (v: string, acc: string[] = []) => [...acc, v])
  .option('--ballot-close <evaluation/group: handed out: missing: unused>', say('结束投票时监督员记录的一组发出、缺失和未用张数（可重复）', 'a group’s cards handed out, missing and unused, as the supervisors wrote them at the close (repeatable)'), (v: string, acc: string[] = []) => [...acc, v])
  .action(verifyCommand);

dataOption(program.command('publish'))
  .description(say('生成核验包、结果公示页和存档用评分表（HTML 和 PDF）', 'write the bundle, the results pages (公示) and the score sheets for the file (存档), as HTML and PDF'))
  .requiredOption('--out <dir>', say('写入的文件夹', 'the folder to write into'))
  .action(publishCommand);

dataOption(program.command('audit-verify')).description(say('检查审计日志的哈希链，指出第一条对不上的记录', 'check the audit log’s hash chain; names the first entry that does not fit')).action(auditVerifyCommand);

program.option('--lang <zh|en>', say('提示信息的语言（默认随系统的 LANG）', 'the language of messages (default: the system’s, from LANG)'));
program.parseAsync(['node', 'exam', ...args]).catch(fail);
