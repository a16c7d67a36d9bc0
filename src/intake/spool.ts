import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Logger } from 'pino';
import type { Inbound } from '../channels/contract.js';

/** One kept message: the `Inbound` as received, in arrival order. */
export interface SpoolEntry {
  id: string;
  /** When it was kept (ms); orders entries adopted from a crashed process among this one's. */
  keptAt: number;
  message: Inbound;
}

/** A spool file's lock is stale (its process gone) this long after its last refresh. */
const LOCK_STALE_MS = 10_000;
const FILE = /^inbound-(\w+)-[\w-]+\.jsonl$/;

/** Which chat a message belongs to; messages of one chat are replayed in order. */
export function chatOf(m: Pick<Inbound, 'channel' | 'chatId'>): string {
  return `${m.channel}:${m.chatId}`;
}

/**
 * Inbound messages kept aside while the database cannot be reached: an append-only JSONL file,
 * each line fsync'd before the reporter is told it is kept, so a crash during an outage loses
 * nothing. Each process writes a file of its own (locked, so instances sharing the directory never
 * write each other's) and adopts the files of processes that died — only those of the same
 * database (`scope`), so a message is never replayed into another one; an entry leaves when
 * {@link done}, and {@link compact} rewrites the file (or removes it once drained).
 */
export class Spool {
  private readonly entries: SpoolEntry[] = [];
  private readonly perChat = new Map<string, number>();
  /** Entries already in a file (a rewrite wrote them), so their own append is skipped. */
  private readonly written = new Set<string>();
  private readonly adopted = new Map<string, () => Promise<void>>();
  private readonly path: string;
  private file: FileHandle | null = null;
  private release: (() => Promise<void>) | null = null;
  /** File work, one step at a time: appends and rewrites never interleave. */
  private io: Promise<unknown> = Promise.resolve();
  private lastKeptAt = 0;
  private listeners: (() => void)[] = [];
  private rescan: NodeJS.Timeout | null = null;

  private constructor(
    private readonly dir: string,
    private readonly log: Logger,
    private readonly scope: string,
  ) {
    this.path = join(dir, `inbound-${scope}-${process.pid}-${randomUUID().slice(0, 8)}.jsonl`);
  }

  /**
   * Opens the spool in `dir` (created if missing) and takes over what dead processes of the same
   * `scope` (letters and digits naming the database, see {@link spoolScope}) left there.
   */
  static async open(dir: string, log: Logger, scope = 'default'): Promise<Spool> {
    if (!/^[A-Za-z0-9]+$/.test(scope)) throw new Error(`a spool scope is letters and digits, not ${scope}`);
    await mkdir(dir, { recursive: true });
    const spool = new Spool(dir, log, scope);
    await spool.adopt();
    const others = (await readdir(dir)).filter((n) => FILE.exec(n)?.[1] !== undefined && FILE.exec(n)?.[1] !== scope);
    if (others.length > 0) log.warn({ dir, files: others }, 'spool files of another database are left alone');
    return spool;
  }

  /** How many messages wait. */
  get size(): number {
    return this.entries.length;
  }

  /** Whether `m`'s chat has messages waiting: its new ones must queue behind them. */
  holds(m: Pick<Inbound, 'channel' | 'chatId'>): boolean {
    return (this.perChat.get(chatOf(m)) ?? 0) > 0;
  }

  /** Calls `listener` whenever messages are added (kept or adopted): the replayer wakes on it. */
  onAdded(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * Keeps `m`, durably, before resolving. Resolves true when it is the first waiting message of its
   * chat: the moment to tell the reporter, once per chat per outage.
   */
  async keep(m: Inbound): Promise<boolean> {
    const entry: SpoolEntry = { id: randomUUID(), keptAt: (this.lastKeptAt = Math.max(this.lastKeptAt, Date.now())), message: m };
    // In memory first, synchronously: a message of the same chat arriving while this one is being
    // written must already see the chat as held.
    const first = this.add(entry);
    try {
      await this.serially(async () => {
        if (this.written.has(entry.id)) return;
        const file = await this.ownFile();
        await file.appendFile(`${JSON.stringify(entry)}\n`);
        await file.datasync();
        this.written.add(entry.id);
      });
    } catch (err) {
      // Not kept after all (a full disk): the caller must not say it is.
      this.done(entry);
      throw err;
    }
    for (const l of this.listeners) l();
    return first;
  }

  /** The waiting messages, oldest first. */
  pending(): readonly SpoolEntry[] {
    return [...this.entries];
  }

  /** The oldest waiting message of `chat` (see {@link chatOf}). */
  headOf(chat: string): SpoolEntry | undefined {
    return this.entries.find((e) => chatOf(e.message) === chat);
  }

  /** `entry` was handled: it leaves the spool (the file forgets it at the next {@link compact}). */
  done(entry: SpoolEntry): void {
    const i = this.entries.findIndex((e) => e.id === entry.id);
    if (i < 0) return;
    this.entries.splice(i, 1);
    const chat = chatOf(entry.message);
    const left = (this.perChat.get(chat) ?? 1) - 1;
    if (left > 0) this.perChat.set(chat, left);
    else this.perChat.delete(chat);
  }

  /**
   * Rewrites this process's file with what still waits (atomically: a new file renamed over it),
   * or removes it when nothing does; adopted files go once their entries are in it.
   */
  async compact(): Promise<void> {
    await this.serially(async () => {
      const keep = [...this.entries];
      if (keep.length === 0) {
        await this.file?.close();
        this.file = null;
        await unlink(this.path).catch(ignoreMissing);
        await this.release?.();
        this.release = null;
      } else {
        await this.ownFile();
        const tmp = `${this.path}.tmp`;
        const out = await open(tmp, 'w');
        await out.writeFile(keep.map((e) => `${JSON.stringify(e)}\n`).join(''));
        await out.datasync();
        await out.close();
        await this.file?.close();
        await rename(tmp, this.path);
        this.file = await open(this.path, 'a');
        for (const e of keep) this.written.add(e.id);
      }
      for (const [path, release] of this.adopted) {
        await unlink(path).catch(ignoreMissing);
        await release();
      }
      this.adopted.clear();
      this.written.clear();
      for (const e of this.entries) this.written.add(e.id);
    });
  }

  /** Stops looking for dead processes' files and lets go of this one (its entries stay for the next start). */
  async close(): Promise<void> {
    if (this.rescan) clearInterval(this.rescan);
    this.rescan = null;
    await this.serially(async () => {
      await this.file?.close();
      this.file = null;
      await this.release?.();
      this.release = null;
      for (const release of this.adopted.values()) await release();
      this.adopted.clear();
    });
  }

  private add(entry: SpoolEntry): boolean {
    const chat = chatOf(entry.message);
    const before = this.perChat.get(chat) ?? 0;
    this.perChat.set(chat, before + 1);
    this.entries.push(entry);
    return before === 0;
  }

  /**
   * Takes over the files of processes that are gone (their lock is stale or absent). A file still
   * locked may belong to a process that died moments ago: looked at again until it is taken.
   */
  private async adopt(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => FILE.exec(n)?.[1] === this.scope && join(this.dir, n) !== this.path);
    let busy = false;
    let added = 0;
    for (const name of names) {
      const path = join(this.dir, name);
      if (this.adopted.has(path)) continue;
      let release: () => Promise<void>;
      try {
        release = await lockfile.lock(path, this.lockOptions());
      } catch (err) {
        if ((err as { code?: string }).code !== 'ELOCKED') throw err;
        busy = true;
        continue;
      }
      this.adopted.set(path, release);
      const seen = new Set(this.entries.map((e) => e.id));
      for (const entry of parseSpool(await readFile(path, 'utf8').catch(() => ''), (line) => this.log.warn({ path, line }, 'unreadable spool line skipped'))) {
        if (seen.has(entry.id)) continue;
        seen.add(entry.id);
        this.add(entry);
        this.written.add(entry.id);
        added++;
      }
    }
    // Older messages first, so a chat's adopted messages go before its newer ones (the sort is stable).
    this.entries.sort((a, b) => a.keptAt - b.keptAt);
    if (added > 0) {
      this.log.warn({ messages: added }, 'messages kept during an earlier database outage will be replayed');
      for (const l of this.listeners) l();
    }
    if (busy && !this.rescan) {
      this.rescan = setInterval(() => void this.serially(() => this.adopt()).catch((err: unknown) => this.log.error({ err }, 'spool rescan failed')), LOCK_STALE_MS);
      this.rescan.unref();
    } else if (!busy && this.rescan) {
      clearInterval(this.rescan);
      this.rescan = null;
    }
  }

  private lockOptions(): lockfile.LockOptions {
    return {
      realpath: false,
      stale: LOCK_STALE_MS,
      update: LOCK_STALE_MS / 4,
      // A lost lock must not throw in a timer and kill the process: say so and carry on.
      onCompromised: (err) => this.log.error({ err }, 'spool lock lost'),
    };
  }

  /** This process's file, created and locked on first use. */
  private async ownFile(): Promise<FileHandle> {
    if (!this.file) {
      this.release ??= await lockfile.lock(this.path, this.lockOptions());
      this.file = await open(this.path, 'a');
    }
    return this.file;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.io.then(work, work);
    this.io = run.catch(() => undefined);
    return run;
  }
}

/** The entries of a spool file's text; a line that does not parse (cut by a crash) is reported and skipped. */
export function parseSpool(text: string, skipped: (line: string) => void = () => {}): SpoolEntry[] {
  const entries: SpoolEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const raw = JSON.parse(line) as SpoolEntry & { message: { at: string } };
      if (typeof raw.id !== 'string' || typeof raw.message?.channel !== 'string') throw new Error('not a spool entry');
      entries.push({ ...raw, message: { ...raw.message, at: new Date(raw.message.at) } });
    } catch {
      skipped(line.slice(0, 200));
    }
  }
  return entries;
}

function ignoreMissing(err: unknown): void {
  if ((err as { code?: string }).code !== 'ENOENT') throw err;
}

/**
 * A short name for the database a process writes to, so its spool files are replayed only into
 * that database: a hash of the PostgreSQL URL (with its search_path) or the PGlite directory.
 */
export function spoolScope(target: string): string {
  return createHash('sha256').update(target).digest('hex').slice(0, 12);
}
