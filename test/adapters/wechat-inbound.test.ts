import { describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { keepEvidence, keyedSerial, MAX_KEEP_BYTES, messageToInbound, type WechatMediaFetch, type WechatMessageView } from '../../adapters/wechat/index.js';
import type { Inbound, ReceivedFile } from '../../src/channels/contract.js';

const at = new Date('2026-11-27T14:00:00Z');
const view = (extra: Partial<WechatMessageView>): WechatMessageView => ({
  id: 'msg-1',
  type: types.Message.Text,
  text: '',
  at,
  talkerId: 'wxid_reporter',
  talkerType: types.Contact.Individual,
  self: false,
  inRoom: false,
  ...extra,
});

describe('WeChat messages to Inbound', () => {
  it('keys a text by the platform message id and the talker, so a redelivery is recognised', () => {
    expect(messageToInbound(view({ text: '温江区有家养猪场往河里排粪水' }))).toEqual({
      channel: 'wechat',
      chatId: 'wxid_reporter',
      userId: 'wxid_reporter',
      messageId: 'msg-1',
      text: '温江区有家养猪场往河里排粪水',
      at,
    });
  });

  it('reads a map pin as GCJ-02 and leaves out the XML puppets put in the text of other types', () => {
    const pin = messageToInbound(view({ type: types.Message.Location, text: '<msg><location x="30.7"/></msg>', location: { latitude: 30.7, longitude: 103.83 } }));
    expect(pin).toMatchObject({ location: { lat: 30.7, lng: 103.83, datum: 'gcj02' } });
    expect(pin).not.toHaveProperty('text');
    expect(pin).not.toHaveProperty('media');
    // A pin the puppet could not read is something the core cannot use, not a silent nothing.
    expect(messageToInbound(view({ type: types.Message.Location }))?.media).toEqual([{ kind: 'other', ref: 'msg-1' }]);
  });

  it('maps every other kind of message to the media kind the core answers for', () => {
    const kinds: [types.Message, string][] = [
      [types.Message.Image, 'photo'],
      [types.Message.Video, 'video'],
      [types.Message.Audio, 'voice'],
      [types.Message.Emoticon, 'sticker'],
      [types.Message.Attachment, 'file'],
      [types.Message.MiniProgram, 'other'],
      [types.Message.Url, 'other'],
      [types.Message.Contact, 'other'],
      [types.Message.ChatHistory, 'other'],
      [types.Message.Transfer, 'other'],
      [types.Message.RedEnvelope, 'other'],
      [types.Message.Post, 'other'],
    ];
    for (const [type, kind] of kinds) {
      const m = messageToInbound(view({ type, text: '<appmsg/>' }));
      expect(m, types.Message[type]).toMatchObject({ media: [{ kind, ref: 'msg-1' }] });
      expect(m, types.Message[type]).not.toHaveProperty('text');
    }
  });

  it('ignores its own sends, groups, official accounts, WeChat system accounts and notices', () => {
    expect(messageToInbound(view({ self: true, text: '已登记' }))).toBeNull();
    expect(messageToInbound(view({ inRoom: true, text: '群里有人说' }))).toBeNull();
    expect(messageToInbound(view({ talkerType: types.Contact.Official, text: '今日推送' }))).toBeNull();
    expect(messageToInbound(view({ talkerId: 'weixin', text: '欢迎使用微信' }))).toBeNull();
    expect(messageToInbound(view({ talkerId: 'filehelper', text: 'x' }))).toBeNull();
    for (const type of [types.Message.Unknown, types.Message.Recalled, types.Message.GroupNote]) {
      expect(messageToInbound(view({ type, text: '你已添加了张三，现在可以开始聊天了。' })), types.Message[type]).toBeNull();
    }
    // WeCom contacts are people too.
    expect(messageToInbound(view({ talkerType: types.Contact.Corporation, text: '有人排污' }))).not.toBeNull();
  });
});

describe('keeping WeChat evidence', () => {
  const inbound = (media: Inbound['media']): Inbound => ({ channel: 'wechat', chatId: 'c', userId: 'c', messageId: 'm', media, at });
  const fetchOf = (files: Record<string, { size: number; bytes: string }>, saved: ReceivedFile[], errors: string[]): WechatMediaFetch => ({
    file: async (ref) => {
      const f = files[ref];
      if (!f) throw new Error('gone');
      return { size: f.size, mediaType: 'image/jpeg', toBuffer: async () => Buffer.from(f.bytes) };
    },
    store: {
      save: async (file) => {
        saved.push(file);
        return { sha256: `sha-of-${file.ref}`, size: file.bytes.byteLength };
      },
    },
    onError: (ref) => errors.push(ref),
  });

  it('keeps photos, videos and files, leaves voice alone, and keeps a reference when a file cannot be had', async () => {
    const saved: ReceivedFile[] = [];
    const errors: string[] = [];
    const f = fetchOf({ p: { size: 3, bytes: 'abc' }, big: { size: MAX_KEEP_BYTES + 1, bytes: '' } }, saved, errors);
    const out = await keepEvidence(f, inbound([{ kind: 'photo', ref: 'p' }, { kind: 'voice', ref: 'v' }, { kind: 'video', ref: 'big' }, { kind: 'file', ref: 'gone' }]));
    expect(out.media).toEqual([
      { kind: 'photo', ref: 'p', sha256: 'sha-of-p', size: 3, mime: 'image/jpeg' },
      { kind: 'voice', ref: 'v' },
      { kind: 'video', ref: 'big' },
      { kind: 'file', ref: 'gone' },
    ]);
    expect(saved.map((s) => [s.channel, s.ref, Buffer.from(s.bytes).toString(), s.mime])).toEqual([['wechat', 'p', 'abc', 'image/jpeg']]);
    expect(errors).toEqual(['big', 'gone']);
  });
});

describe('per-contact order', () => {
  it('runs one contact’s messages in order, others alongside, and goes on after a failure', async () => {
    const serial = keyedSerial();
    const log: string[] = [];
    const step = (name: string, ms: number, fail = false) => async () => {
      await new Promise((r) => setTimeout(r, ms));
      log.push(name);
      if (fail) throw new Error(name);
    };
    const a1 = serial.run('a', step('a1', 30, true));
    const a2 = serial.run('a', step('a2', 1));
    const b1 = serial.run('b', step('b1', 5));
    await expect(a1).rejects.toThrow('a1');
    await Promise.all([a2, b1]);
    await serial.idle();
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });
});
