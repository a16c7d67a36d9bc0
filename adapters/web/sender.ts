import type { ChannelSender } from '../../src/channels/contract.js';

/**
 * The web chat has no push channel: the page polls for its messages, so a queued message is
 * delivered the moment it is committed. Marking it sent records that it was made available.
 */
export const webSender: ChannelSender = {
  channel: 'web',
  send: async () => ({}),
};
