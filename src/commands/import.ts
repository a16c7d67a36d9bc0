import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { LegacyRowReader, readLegacyHeader, type BadRow, type LegacyCase, type LegacyHeader } from '../cases/legacy-import.js';
import type { Config } from '../config.js';
import { legacyReporterId, writeLegacyCases } from '../db/repo/import.js';
import type { Database } from '../db/schema.js';
import { localTime } from '../routing/calendar.js';
import { loadRouting, type Routing } from '../routing/load.js';
import { withDb } from './database.js';

/** Rows written per transaction: big enough to be fast, small enough that a failed batch is cheap to redo row by row. */
const BATCH_SIZE = 500;

/** Without a terminal for a bar, a progress line every this many rows. */
const PROGRESS_EVERY = 1000;

/** A data row as the CSV parser gave it, with the line it starts on (1-based, the header is line 1). */
export interface CsvRow {
  fields: string[];
  line: number;
}

/** A legacy case file, parsed: the header, the data rows, and the records the parser could not read. */
export interface LegacyFile {
  name: string;
  header: LegacyHeader;
  /** Header names that map to no field, so their columns are not imported. */
  ignored: string[];
  rows: CsvRow[];
  malformed: BadRow[];
  /** Rows with every cell empty (`,,,,,` as spreadsheets export them), passed over. */
  blank: number;
}

/** Line numbers of byte offsets in a file; a line ends at LF, CRLF or a lone CR, as an editor counts. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(bytes: Uint8Array) {
    bytes.forEach((b, i) => {
      if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) this.starts.push(i + 1);
    });
  }

  /** The 1-based line the byte at `offset` is on. */
  lineAt(offset: number): number {
    let [lo, hi] = [0, this.starts.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

const lineBreaks = (s: string): number => s.match(/\r\n|\r|\n/g)?.length ?? 0;

/**
 * Reads and parses a legacy case file: UTF-8 only (a BOM is fine), a header row, then one case per
 * record. Returns a problem instead when the file cannot be read as a case list at all.
 */
export function readLegacyCsv(path: string): LegacyFile | { problem: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    return { problem: `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const line = lineBreaks(text.slice(0, text.indexOf('\ufffd'))) + 1;
    return { problem: `${path} is not UTF-8 text (line ${line} has bytes that are not UTF-8): only UTF-8 is read; save it as "CSV UTF-8" (GBK and other encodings are not read)` };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const lines = new LineIndex(bytes);
  const records: CsvRow[] = [];
  const malformed: BadRow[] = [];
  let end = 0;
  // The parser's own line count takes a CRLF inside a quoted field for two lines, so lines are
  // found from its byte offsets: a record ends on the line of its last byte and starts as many
  // lines earlier as its fields hold line breaks.
  parse(bytes, {
    // Every line end an editor knows, even mixed in one file (the parser would keep to the first it meets).
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (fields: string[], info) => {
      end = info.bytes;
      records.push({ fields, line: lines.lineAt(end - 1) - fields.reduce((n, f) => n + lineBreaks(f), 0) });
      return null;
    },
    on_skip: (err) => {
      // A record the parser gave up on starts after the last one it read, past any blank lines.
      let start = end;
      while (bytes[start] === 0x0a || bytes[start] === 0x0d) start++;
      // The parser's message would quote its own line count; say what happened instead.
      const reason = err?.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed: the rest of the file from here is unreadable' : `malformed CSV (${err?.code ?? 'unknown'})`;
      malformed.push({ line: lines.lineAt(start), reason });
    },
  });
  const [head, ...rest] = records;
  if (!head) return { problem: `${path} has no header row` };
  const header = readLegacyHeader(head.fields);
  if (!header.ok) return { problem: `${path}, line ${head.line}: ${header.problems.join('; ')}` };
  const rows = rest.filter((r) => r.fields.some((f) => f.trim() !== ''));
  return { name: basename(path), header: header.header, ignored: header.ignored, rows, malformed, blank: rest.length - rows.length };
}

/** Where the import writes, whose files it routes by, and where it talks. */
export interface ImportDeps {
  db: Kysely<Database>;
  routing: Pick<Routing, 'table' | 'units'>;
  timeZone: string;
  now: Date;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A bar on a terminal; elsewhere (a log, a pipe) a line every {@link PROGRESS_EVERY} rows. */
function progress(err: ImportDeps['err'], total: number): { update(done: number): void; stop(): void } {
  if (err.isTTY) {
    const bar = new cliProgress.SingleBar({ stream: err, format: 'importing [{bar}] {value}/{total} rows', hideCursor: true }, cliProgress.Presets.shades_classic);
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  let next = PROGRESS_EVERY;
  return {
    update(done) {
      if (done < next) return;
      err.write(`import: ${done} of ${total} rows\n`);
      next += PROGRESS_EVERY;
    },
    stop() {},
  };
}

/**
 * Imports a parsed file: every row checked, placed and routed, good rows written in batches, and
 * a summary on `out`: how many were imported and skipped, each skipped line with its reason, and
 * the cases that went to the triage desk. Resolves with the exit code (0: it ran).
 */
export async function importRows(deps: ImportDeps, file: LegacyFile): Promise<number> {
  const { db, routing, out, err } = deps;
  for (const name of file.ignored) err.write(`note: column "${name}" is not imported\n`);
  const reader = new LegacyRowReader(file.header, { routing, now: localTime(deps.now, deps.timeZone) });
  const target = { reporterId: await legacyReporterId(db), actor: `import:${file.name}`, timeZone: deps.timeZone };
  const bad: BadRow[] = [...file.malformed];
  const desk: LegacyCase[] = [];
  let imported = 0;
  let pending: LegacyCase[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const r = await writeLegacyCases(db, pending, target);
    imported += r.written.length;
    desk.push(...r.written.filter((c) => c.triageDesk !== null));
    bad.push(...r.existing.map((c) => ({ line: c.line, reason: `number ${c.number} already exists in the database` })));
    bad.push(...r.failed.map((f) => ({ line: f.case.line, reason: `the database refused the row: ${f.error}` })));
    pending = [];
  };
  const bar = progress(err, file.rows.length);
  try {
    for (const [i, row] of file.rows.entries()) {
      const c = reader.read(row.fields, row.line);
      if ('reason' in c) bad.push(c);
      else pending.push(c);
      if (pending.length >= BATCH_SIZE) await flush();
      bar.update(i + 1);
    }
    await flush();
  } finally {
    // The bar hides the cursor until it is stopped, even when the database fails under it.
    bar.stop();
  }

  bad.sort((a, b) => a.line - b.line);
  const lines = [`imported ${imported}, skipped ${bad.length}`, ...bad.map((b) => `line ${b.line}: ${b.reason}`)];
  if (desk.length > 0) {
    lines.push(`routed to the triage desk (${routing.table.fallback}), no unit owns their place: ${desk.length}`);
    lines.push(...desk.map((c) => `line ${c.line}: ${c.number}: ${c.triageDesk}`));
  }
  if (file.blank > 0) lines.push(`blank rows passed over: ${file.blank}`);
  out.write(`${lines.join('\n')}\n`);
  return 0;
}

/**
 * `huiyin import FILE`: loads unfinished cases from a legacy CSV. Exits 2 without a file, 1 when
 * the file cannot be read as a case list, 0 when it ran, even if rows were skipped.
 */
export async function importCases(config: Config, path: string | undefined): Promise<number> {
  if (!path) {
    process.stderr.write('usage: huiyin import FILE.csv (a header row, then number, description, district, type, received date, status)\n');
    return 2;
  }
  const file = readLegacyCsv(path);
  if ('problem' in file) {
    process.stderr.write(`import: ${file.problem}\n`);
    return 1;
  }
  const routing = loadRouting(config.configDir);
  return withDb(config, (db) => importRows({ db: db.db, routing, timeZone: config.timeZone, now: new Date(), out: process.stdout, err: process.stderr }, file));
}
