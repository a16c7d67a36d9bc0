import type { Api } from 'grammy';
import type { InboundMedia, MediaStore } from '../../src/channels/contract.js';
import { MAX_EVIDENCE_BYTES, type EvidenceSource } from '../evidence.js';

/** How long one download may take before the message goes on without the copy. */
const DOWNLOAD_TIMEOUT_MS = 30_000;

/**
 * Telegram's evidence source: `getFile` gives a path under `fileRoot`
 * (`${apiRoot}/file/bot${token}`), valid for an hour, which is downloaded.
 */
export function telegramEvidence(api: Api, fileRoot: string, store: MediaStore, onError: EvidenceSource['onError']): EvidenceSource {
  return {
    store,
    onError,
    async fetch(x: InboundMedia) {
      const file = await api.getFile(x.ref);
      if (!file.file_path) throw new Error('getFile returned no file_path');
      if (file.file_size !== undefined && file.file_size > MAX_EVIDENCE_BYTES) throw new Error(`file of ${file.file_size} bytes is over the download limit`);
      const res = await fetch(`${fileRoot}/${file.file_path}`, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`download answered ${res.status}`);
      return { bytes: new Uint8Array(await res.arrayBuffer()), mime: x.mime ?? null };
    },
  };
}
