import type { Api } from 'grammy';
import type { Inbound, InboundMedia, MediaStore } from '../../src/channels/contract.js';

/** The Bot API lets a bot download files up to 20 MB; bigger ones stay a reference. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** How long one download may take before the message goes on without the copy. */
const DOWNLOAD_TIMEOUT_MS = 30_000;

const FETCHED_KINDS = new Set<InboundMedia['kind']>(['photo', 'video', 'file']);

/** Where files are fetched from, and where kept. */
export interface MediaFetch {
  api: Api;
  /** `${apiRoot}/file/bot${token}`: file paths from getFile are appended. */
  fileRoot: string;
  store: MediaStore;
  /** Told when a file could not be kept; the message still goes on with its reference. */
  onError(ref: string, err: unknown): void;
}

async function download(f: MediaFetch, ref: string): Promise<Uint8Array> {
  const file = await f.api.getFile(ref);
  if (!file.file_path) throw new Error('getFile returned no file_path');
  if (file.file_size !== undefined && file.file_size > MAX_DOWNLOAD_BYTES) throw new Error(`file of ${file.file_size} bytes is over the download limit`);
  const res = await fetch(`${f.fileRoot}/${file.file_path}`, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`download answered ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Fetches the evidence files of a message while the platform's link is fresh, keeps them in the
 * store and adds their sha256 and size to the media. A file that cannot be fetched is reported
 * and left as a reference: the report goes on, and nothing the reporter sent is dropped.
 */
export async function keepEvidence(f: MediaFetch, m: Inbound): Promise<Inbound> {
  if (!m.media?.some((x) => FETCHED_KINDS.has(x.kind))) return m;
  const media = await Promise.all(
    m.media.map(async (x): Promise<InboundMedia> => {
      if (!FETCHED_KINDS.has(x.kind)) return x;
      try {
        const bytes = await download(f, x.ref);
        const kept = await f.store.save({ channel: m.channel, ref: x.ref, bytes, mime: x.mime ?? null });
        return { ...x, ...kept };
      } catch (err) {
        f.onError(x.ref, err);
        return x;
      }
    }),
  );
  return { ...m, media };
}
