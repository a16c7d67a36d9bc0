import type { Config } from '../config.js';
import { retentionCounts } from '../db/repo/retention.js';
import { createLogger } from '../log.js';
import { startCore } from '../main.js';

const USAGE = 'usage: huiyin retention --dry-run | --apply';

/**
 * `huiyin retention`: one pass of the retention policy (config/retention.yaml) now. `--dry-run`
 * prints what would be erased and changes nothing; `--apply` erases it, exactly as the scheduled
 * job does. Prints the counts by kind and each case with what it loses — never the data itself.
 */
export async function retentionCommand(config: Config, args: { 'dry-run'?: boolean; apply?: boolean }): Promise<number> {
  if (Boolean(args['dry-run']) === Boolean(args.apply)) {
    process.stderr.write(`retention: give either --dry-run or --apply\n${USAGE}\n`);
    return 2;
  }
  const apply = args.apply === true;
  const core = await startCore(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel), []);
  try {
    const r = await core.retention.run(apply);
    const counts = retentionCounts(r);
    const lines = [
      apply ? 'retention applied:' : 'retention dry run (nothing changed):',
      `  contact details: ${counts.caseContacts} cases, ${counts.reporterContacts} reporters`,
      `  evidence files: ${counts.evidenceFiles}`,
      `  chat messages masked: ${counts.maskedMessages}`,
      `  cases: ${counts.events}`,
      ...r.events.map((e) => `  ${e.number}  ${e.data.erased.map((k) => `${k === 'evidence' ? `evidence ${e.data.evidence_files}` : k === 'transcript' ? `transcript ${e.data.transcript_messages}` : k} (${e.data.rules[k]})`).join(', ')}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await core.close();
  }
}
