import type { Inbound, InboundMedia, MediaStore } from '../../src/channels/contract.js';

/**
 * Files above this stay a reference: evidence is kept in the database, and a long video would
 * weigh on every backup. The same cap as Telegram's, so both channels keep alike.
 */
export const MAX_KEEP_BYTES = 20 * 1024 * 1024;

const KEPT_KINDS = new Set<InboundMedia['kind']>(['photo', 'video', 'file']);

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
 * Fetches a message's photos, videos and files from the puppet and keeps them in the store: a
 * WeChat message id (and the file behind it) is only good while the puppet's login lasts and
 * the server keeps the media. A file that cannot be kept is reported and left as a reference, so
 * nothing the reporter sent is dropped.
 */
export async function keepEvidence(f: WechatMediaFetch, m: Inbound): Promise<Inbound> {
  if (!m.media?.some((x) => KEPT_KINDS.has(x.kind))) return m;
  const media = await Promise.all(
    m.media.map(async (x): Promise<InboundMedia> => {
      if (!KEPT_KINDS.has(x.kind)) return x;
      try {
        const { bytes, mime } = await bytesOf(f, x.ref);
        const kept = await f.store.save({ channel: m.channel, ref: x.ref, bytes, mime });
        return { ...x, ...kept, ...(mime ? { mime } : {}) };
      } catch (err) {
        f.onError(x.ref, err);
        return x;
      }
    }),
  );
  return { ...m, media };
}
