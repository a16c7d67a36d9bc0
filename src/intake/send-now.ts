import { randomUUID } from 'node:crypto';
import type { ChannelSender } from '../channels/contract.js';

/**
 * Sends a text to a chat straight through its channel, bypassing the outbox: for the few words a
 * reporter must get while the database (where the outbox lives) cannot be reached.
 */
export type SendNow = (channel: string, chatId: string, text: string) => Promise<void>;

/** A {@link SendNow} over the channels' senders, the same ones the outbox worker delivers through. */
export function sendNowThrough(senders: readonly ChannelSender[]): SendNow {
  const byChannel = new Map(senders.map((s) => [s.channel, s]));
  return async (channel, chatId, text) => {
    const sender = byChannel.get(channel);
    if (!sender) throw new Error(`no sender for channel ${channel}`);
    // Not an outbox row: an id of its own, so a sender's idempotency never takes it for one.
    await sender.send({ outboxId: `direct-${randomUUID()}`, channel, chatId, text });
  };
}
