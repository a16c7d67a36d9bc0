import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MediaStore, ReceivedFile } from '../channels/contract.js';
import type { Database } from '../db/schema.js';

/**
 * Evidence files in the database, keyed by the sha256 of their bytes. In the database rather
 * than on one instance's disk so every instance and every backup has them; the same photo
 * sent twice is kept once.
 */
export class DbMediaStore implements MediaStore {
  constructor(private readonly db: Kysely<Database>) {}

  async save(file: ReceivedFile): Promise<{ sha256: string; size: number }> {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const size = file.bytes.byteLength;
    await this.db
      .insertInto('evidence_files')
      .values({ sha256, size, mime: file.mime, bytes: file.bytes, channel: file.channel, ref: file.ref })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    return { sha256, size };
  }
}
