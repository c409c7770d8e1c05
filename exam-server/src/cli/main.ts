#!/usr/bin/env -S npx tsx
import { ballotCodesCommand } from './ballot-codes';
import '../identity/native-hash';
import { Command } from 'commander';
import { resolve } from 'node:path';
import { ExamError } from '@exam/shared';
import { startCommand } from './start';
import { sealCommand, checkPaperCommand } from './seal';
import { auditVerifyCommand } from './audit';
import { sessionCreateCommand } from './session';
import { interviewCreateCommand } from './interview';
import { exportCommand, verifyCommand } from './verify';
import { publishCommand } from './publish';
import { errorLines, takeLangFlag } from './lang';
import { restoreCommand } from './restore';

const program = new Command('exam').description('Sealed exam server and tools (竞争上岗考务系统)');
const dataOption = (c: Command) =>
  c
    .option('--data <dir>', 'the data folder (keys, certificate, and the SQLite database unless --database)', resolve('data'))
    .option('--database <url>', 'keep the data in PostgreSQL instead of the SQLite file: postgres://user:password@host:5432/name (or EXAM_DATABASE; docs/postgresql.md)', process.env.EXAM_DATABASE || undefined);

dataOption(program.command('start'))
  .description('start the server; --demo sets up a demonstration session on first start')
  .option('--port <n>', 'plain HTTP port on localhost', '8080')
  .option('--https-port <n>', 'HTTPS port on the LAN', '8443')
  .option('--no-https', 'no HTTPS listener (localhost only)')
  .option('--processes <n>', 'serve from N processes sharing the ports (needs --database postgres://…; docs/processes.md)', '1')
  .option('--redis <url>', 'carry the broadcasts between processes over Redis (redis://host:6379) instead of PostgreSQL (or EXAM_REDIS; docs/processes.md)', process.env.EXAM_REDIS || undefined)
  .option('--demo', 'set up the demonstration session if the data folder has none')
  .option('--demo-selection', 'with --demo, also play a demonstration selection up to the committee’s decision (half a minute), to be taken on to the notice in the console')
  .option('--backup-to <folder>', 'write encrypted backups to this folder (a USB stick) every few minutes and at the end of each phase')
  .option('--backup-every <minutes>', 'minutes between backups', '5')
  .option('--phones <host>', 'allow voters’ phones to vote (democratic evaluation) at https://HOST:HTTPS-PORT/kiosk/#phone, with --phones-cert and --phones-key: a certificate the phones already trust, for HOST')
  .option('--phones-cert <file>', 'the PEM certificate for --phones')
  .option('--phones-key <file>', 'the PEM key for --phones')
  .action(startCommand);

program
  .command('restore')
  .description('put a backup into a new data folder; start the server from it (docs/backups.md)')
  .requiredOption('--from <file>', 'the backup file (exam-backup-….bak)')
  .requiredOption('--data <dir>', 'a new, empty data folder')
  .requiredOption('--key <code>', 'the backup key printed when backups were switched on')
  .option('--note <text>', 'what happened (logged with the restore)')
  .action(restoreCommand);

program
  .command('seal <paper>')
  .description('seal an authored paper (YAML) — or interview questions — and write the share sheets')
  .requiredOption('--out <dir>', 'folder for the sealed files and share sheets')
  .option('-k, --threshold <k>', 'shares needed to open', '2')
  .option('-n, --shares <n>', 'shares made (at most 9)', '3')
  .option('--label <text>', 'the public label of the paper')
  .option('--force', 'replace a sealed paper of the same name in --out (its printed shares become useless)')
  .action(sealCommand);

program
  .command('ballot-codes')
  .description('make the ballot codes of an evaluation offline: cards to print (HTML, PDF) and the public key lists for the server')
  .requiredOption('--evaluation <id>', 'the evaluation id, e.g. 2026-eval')
  .option('--group <id=entitled[:name]>', 'a voter group and how many are entitled (repeatable), e.g. leaders=12:领导班子成员', (v: string, acc: string[] = []) => [...acc, v])
  .option('--spares <n>', 'spare cards per group', '2')
  .option('--title <text>', 'printed on each card', '民主测评')
  .requiredOption('--out <dir>', 'folder for the cards and the key lists')
  .option('--force', 'replace cards made before in --out (those printed no longer count)')
  .action(ballotCodesCommand);

program.command('check-paper <paper>').description('check an authored paper and name every problem with its line').action(checkPaperCommand);

dataOption(program.command('session-create'))
  .description('set up an exam session (with the server stopped)')
  .requiredOption('--id <id>', 'session id, e.g. 2026-written-room1')
  .requiredOption('--label <text>', 'label shown on kiosks and the desk')
  .requiredOption('--room <room>', 'exam room')
  .requiredOption('--paper <file>', 'the sealed paper (.sealed.json)')
  .requiredOption('--answer-key <file>', 'the sealed answer key')
  .requiredOption('--roster <file>', 'roster, .xlsx or CSV (UTF-8 or GB18030): 姓名,身份证号,准考证号,座位号')
  .option('--accept <rows>', 'confirm the roster warnings of these rows (e.g. 3,7, or all) and import them as shown')
  .requiredOption('--start <time>', 'scheduled start, ISO 8601 with offset, e.g. 2026-12-01T09:00:00+08:00')
  .requiredOption('--duration <minutes>', 'duration in minutes (the paper is sealed, so the server cannot read the paper’s own)')
  .option('--late <minutes>', 'late-entry window after the start', '15')
  .option('--seats <list>', 'extra seats, e.g. 01-40')
  .action(sessionCreateCommand);

dataOption(program.command('interview-create'))
  .description('set up an interview day (with the server stopped)')
  .requiredOption('--id <id>', 'day id, e.g. 2026-interview')
  .requiredOption('--label <text>', 'label shown at the desk')
  .requiredOption('--questions <file>', 'the sealed interview questions (.interview.sealed.json)')
  .requiredOption('--roster <file>', 'roster, .xlsx or CSV (UTF-8 or GB18030): 姓名,身份证号,准考证号,面试室')
  .option('--accept <rows>', 'confirm the roster warnings of these rows (e.g. 3,7, or all) and import them as shown')
  .option('--holding-room <name>', 'the holding room (候考室)', '候考室')
  .option('--finished-room <name>', 'the finished room (候分室)', '候分室')
  .option('--trim-at <n>', 'drop the highest and lowest when at least this many sheets count', '5')
  .option('--outlier <points>', 'flag a total this far from the panel’s median', '10')
  .option('--announce', 'announce each score on the spot once the panel has signed')
  .action(interviewCreateCommand);

dataOption(program.command('export-bundle'))
  .description('write the signed export bundle for outside supervisors (docs/bundle.md)')
  .requiredOption('--out <file>', 'where to write the bundle (JSON)')
  .option('--supervisors <file>', 'also write the supervisors’ bundle (forms, signed decisions and declarations: personal data, never published)')
  .action(exportCommand);

program
  .command('verify <bundle>')
  .description('verify a bundle on this machine, without the server; exit code 0 only when everything holds')
  .option('--json', 'print the report as JSON')
  .option('--checkpoint <seq:hash>', 'a checkpoint the supervisors kept (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
  .option('--fingerprints <file>', 'fingerprints from the ceremony sheets, one per line')
  .option('--kept <file>', 'a checkpoint file exported from a supervisor’s tablet (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
  .option('--supervisors <file>', 'the supervisors’ bundle: the records behind the selection’s commitments')
  .option('--ballot-list <evaluation/group: count: hash>', 'an evaluation’s card list as written on the ceremony sheet (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
  .action(verifyCommand);

dataOption(program.command('publish'))
  .description('write the bundle, the results pages (公示) and the score sheets for the file (存档), as HTML and PDF')
  .requiredOption('--out <dir>', 'the folder to write into')
  .action(publishCommand);

dataOption(program.command('audit-verify')).description('check the audit log’s hash chain; names the first entry that does not fit').action(auditVerifyCommand);

function fail(err: unknown): never {
  if (err instanceof ExamError) for (const line of errorLines(err)) console.error(line);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
program.option('--lang <zh|en>', 'the language of messages (default: the system’s, from LANG)');
try {
  const args = takeLangFlag(process.argv.slice(2).filter((a, i) => !(a === '--' && i === 0)));
  program.parseAsync(['node', 'exam', ...args]).catch(fail);
} catch (err) {
  fail(err);
}
