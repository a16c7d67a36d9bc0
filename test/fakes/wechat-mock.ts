import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { FileBox } from 'file-box';
import { types, type payloads } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';

/**
 * The mock puppet with what the stock one lacks: real coordinates for location messages (its
 * `messageLocation` always answers a fixed Beijing address), friend requests that carry a type,
 * and a record of accepted requests.
 */
export class FakePuppet extends PuppetMock {
  readonly locations = new Map<string, payloads.Location>();
  readonly friendships = new Map<string, payloads.Friendship>();
  readonly accepted: string[] = [];

  override async messageLocation(messageId: string): Promise<payloads.Location> {
    return this.locations.get(messageId) ?? super.messageLocation(messageId);
  }

  override async friendshipRawPayload(id: string): Promise<payloads.Friendship> {
    const f = this.friendships.get(id);
    if (!f) throw new Error(`no friendship ${id}`);
    return f;
  }

  override async friendshipAccept(id: string): Promise<void> {
    this.accepted.push(id);
  }
}

/** Bytes standing for a photo of the river. */
const IMAGE_BASE64 = Buffer.from('fake jpeg bytes of a dark river').toString('base64');

/** The bytes of the image {@link FakeWechat.image} sends. */
export const IMAGE_BYTES = Buffer.from(IMAGE_BASE64, 'base64');

/**
 * A WeChat world for one bot account on `wechaty-puppet-mock`: contacts with fixed ids (as on a
 * puppet whose ids are stable, so a second world with the same ids stands for the same people
 * after a restart), messages of every kind from them, redeliveries, and a record of what the bot
 * said to whom.
 */
export class FakeWechat {
  readonly mocker = new mock.Mocker();
  readonly puppet = new FakePuppet({ mocker: this.mocker });
  readonly account: mock.ContactMock;
  /** Texts the bot sent, by the contact id they went to. */
  readonly received = new Map<string, string[]>();

  constructor(accountId = 'wxid_huiyin_bot') {
    this.account = this.mocker.createContact({ id: accountId, name: '回音', type: types.Contact.Individual });
    (this.account as unknown as EventEmitter).on('message', (m: mock.MessageMock) => {
      const to = m.payload.listenerId;
      if (m.payload.talkerId !== accountId || !to || m.payload.type !== types.Message.Text) return;
      this.received.set(to, [...(this.received.get(to) ?? []), m.payload.text ?? '']);
    });
  }

  /** A person (or, with `type`, an official account) the bot can talk to. */
  contact(id: string, name = '市民', type = types.Contact.Individual): mock.ContactMock {
    return this.mocker.createContact({ id, name, type, friend: true });
  }

  /** Logs the bot's account in, as the puppet does after a scan. */
  login(): void {
    this.mocker.login(this.account);
  }

  /** Texts the bot said to `contactId`. */
  textsFor(contactId: string): string[] {
    return this.received.get(contactId) ?? [];
  }

  /** Sends a message of `type` from `from` to the bot (or into a room); returns its message id. */
  private send(from: mock.ContactMock, type: types.Message, extra: { text?: string; roomId?: string } = {}): string {
    const id = randomUUID();
    const to = extra.roomId ? { roomId: extra.roomId } : { listenerId: this.account.id };
    this.mocker.MessageMock.create({ id, talkerId: from.id, timestamp: Date.now(), type, ...(extra.text !== undefined ? { text: extra.text } : {}), ...to } as payloads.Message);
    this.puppet.emit('message', { messageId: id });
    return id;
  }

  /** A text from `from`; returns its message id, as do the other senders below. */
  text(from: mock.ContactMock, text: string): string {
    return this.send(from, types.Message.Text, { text });
  }

  /** A map pin as WeChat sends it: GCJ-02 coordinates. */
  location(from: mock.ContactMock, latitude: number, longitude: number): string {
    const id = randomUUID();
    this.puppet.locations.set(id, { accuracy: 15, address: '四川省成都市温江区', latitude, longitude, name: '江安河' });
    this.mocker.MessageMock.create({ id, talkerId: from.id, listenerId: this.account.id, timestamp: Date.now(), type: types.Message.Location });
    this.puppet.emit('message', { messageId: id });
    return id;
  }

  /** A photo, kept by the mock as a base64 file. */
  image(from: mock.ContactMock): string {
    const id = randomUUID();
    // fromBase64: the mock keeps a file as JSON, which a buffer-backed FileBox cannot become.
    this.mocker.cacheFileBoxPayload.set(id, FileBox.fromBase64(IMAGE_BASE64, 'river.jpg').toJSON());
    this.mocker.MessageMock.create({ id, talkerId: from.id, listenerId: this.account.id, timestamp: Date.now(), type: types.Message.Image });
    this.puppet.emit('message', { messageId: id });
    return id;
  }

  /** A voice message. */
  voice(from: mock.ContactMock): string {
    return this.send(from, types.Message.Audio);
  }

  /** A text said in a group the bot is in. */
  roomText(from: mock.ContactMock, text: string): string {
    const room = this.mocker.createRoom({ memberIdList: [from.id, this.account.id] });
    return this.send(from, types.Message.Text, { text, roomId: room.id });
  }

  /** The same message again, as a puppet does after a reconnect. */
  redeliver(messageId: string): void {
    this.puppet.emit('message', { messageId });
  }

  /** A friend request from `from`; returns the request's id. */
  friendRequest(from: mock.ContactMock): string {
    const id = randomUUID();
    this.puppet.friendships.set(id, { id, contactId: from.id, hello: '你好', ticket: 'ticket', timestamp: Date.now(), type: types.Friendship.Receive });
    this.puppet.emit('friendship', { friendshipId: id });
    return id;
  }
}

/** Polls `cond` until it holds, or fails after `ms` naming what was awaited. */
export async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
