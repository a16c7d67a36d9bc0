import type { Inbound, MediaStore } from '../../src/channels/contract.js';
import { keepEvidence as keepFrom, MAX_EVIDENCE_BYTES } from '../evidence.js';

/** Files above this stay a reference; the same cap on every channel. */
export const MAX_KEEP_BYTES = MAX_EVIDENCE_BYTES;

/** The part of a Wechaty `FileBox` that keeping needs; `size` is -1 when the puppet does not know it. */
export interface WechatFile {
  size: number;
  mediaType: string;
  toBuffer(): Promise<Buffer>;
}

/** Where files come from and where they are kept. */
export interface WechatMediaFetch {
  /** The file of a message, by the media's `ref` (the message id). */
  file(ref: string): Promise<WechatFile>;
  store: MediaStore;
  /** Told when a file could not be kept; the message still goes on with its reference. */
  onError(ref: string, err: unknown): void;
}

async function bytesOf(f: WechatMediaFetch, ref: string): Promise<{ bytes: Uint8Array; mime: string | null }> {
  const file = await f.file(ref);
  if (file.size > MAX_KEEP_BYTES) throw new Error(`file of ${file.size} bytes is over the keeping limit`);
  const bytes = await file.toBuffer();
  if (bytes.byteLength > MAX_KEEP_BYTES) throw new Error(`file of ${bytes.byteLength} bytes is over the keeping limit`);
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), mime: file.mediaType || null };
}

/**
 * Keeps a message's photos, videos and files, fetched from the puppet: a WeChat message id (and
 * the file behind it) is only good while the puppet's login lasts and the server keeps the media.
 */
export function keepEvidence(f: WechatMediaFetch, m: Inbound): Promise<Inbound> {
  return keepFrom({ fetch: (x) => bytesOf(f, x.ref), store: f.store, onError: f.onError }, m);
}
