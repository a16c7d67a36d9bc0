import type { Inbound, InboundMedia, MediaStore } from '../src/channels/contract.js';

/**
 * Files above this stay a reference: the Telegram Bot API lets a bot download up to 20 MB, and
 * evidence is kept in the database, where a long video would weigh on every backup. Every
 * channel uses the same cap so all keep alike.
 */
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

const KEPT_KINDS = new Set<InboundMedia['kind']>(['photo', 'video', 'file']);

/** How one channel fetches a media item's bytes, and where they are kept. */
export interface EvidenceSource {
  /** The bytes of one photo, video or file; throws when it cannot be had or is over the cap. */
  fetch(media: InboundMedia): Promise<{ bytes: Uint8Array; mime: string | null }>;
  store: MediaStore;
  /** Told when a file could not be kept; the message still goes on with its reference. */
  onError(ref: string, err: unknown): void;
}

/**
 * Fetches the evidence files of a message while the platform still has them, keeps them in the
 * store and adds their sha256, size and type to the media. A file that cannot be kept is
 * reported and left as a reference: the report goes on, and nothing the reporter sent is dropped.
 */
export async function keepEvidence(source: EvidenceSource, m: Inbound): Promise<Inbound> {
  if (!m.media?.some((x) => KEPT_KINDS.has(x.kind))) return m;
  const media = await Promise.all(
    m.media.map(async (x): Promise<InboundMedia> => {
      if (!KEPT_KINDS.has(x.kind)) return x;
      try {
        const { bytes, mime } = await source.fetch(x);
        const kept = await source.store.save({ channel: m.channel, ref: x.ref, bytes, mime });
        return { ...x, ...kept, ...(mime ? { mime } : {}) };
      } catch (err) {
        source.onError(x.ref, err);
        return x;
      }
    }),
  );
  return { ...m, media };
}
