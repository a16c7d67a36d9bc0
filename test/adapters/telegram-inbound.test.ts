import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { callbackToInbound, commandText, messageToInbound } from '../../adapters/telegram/index.js';
import { readIntents, readLangSwitch } from '../../src/understanding/rules/intents.js';

const chat = { id: 42, type: 'private' as const, first_name: 'A' };
const from = { id: 42, is_bot: false, first_name: 'A' };
const msg = (extra: Partial<Message>): Message => ({ message_id: 7, date: 1_790_000_000, chat, from, ...extra }) as Message;
const cmd = (text: string, length = text.split(' ')[0]!.length) => [{ type: 'bot_command' as const, offset: 0, length }];

describe('Telegram commands', () => {
  it('maps bot commands to texts the core recognises', () => {
    expect(commandText('/start', cmd('/start'))).toBe('/start');
    expect(commandText('/start ref-abc', cmd('/start ref-abc'))).toBe('/start');
    expect(commandText('/help@HuiyinBot', cmd('/help@HuiyinBot'))).toBe('/help');
    expect(commandText('/CANCEL', cmd('/CANCEL'))).toBe('/cancel');
    expect(commandText('/lang en', cmd('/lang en'))).toBe('/lang en');
    expect(commandText('/foo bar', cmd('/foo bar'))).toBe('/foo bar');
    // A leading slash without the entity is not a command.
    expect(commandText('/start', undefined)).toBeNull();
    for (const [text, intent] of [['/help', 'help'], ['/status', 'status'], ['/cancel', 'cancel'], ['/start', 'greeting']] as const) {
      expect(readIntents(commandText(text, cmd(text))!).intents).toContain(intent);
    }
    expect(readLangSwitch(commandText('/lang en', cmd('/lang en'))!)?.value).toBe('en');
  });
});

describe('Telegram messages to Inbound', () => {
  it('keys a message by chat and message id, so a redelivery is recognised', () => {
    const m = messageToInbound(msg({ text: '有家工厂排黑烟' }));
    expect(m).toEqual({ channel: 'telegram', chatId: '42', userId: '42', messageId: '42:7', text: '有家工厂排黑烟', at: new Date(1_790_000_000_000) });
  });

  it('reads a location as WGS-84 and a photo as evidence by its largest file id', () => {
    expect(messageToInbound(msg({ location: { latitude: 30.6, longitude: 104.1 } })).location).toEqual({ lat: 30.6, lng: 104.1, datum: 'wgs84' });
    const photo = messageToInbound(
      msg({
        photo: [
          { file_id: 'small', file_unique_id: 's', width: 90, height: 60 },
          { file_id: 'big', file_unique_id: 'b', width: 1280, height: 960 },
        ],
        caption: '排污口',
      }),
    );
    expect(photo.media).toEqual([{ kind: 'photo', ref: 'big', mime: 'image/jpeg' }]);
    expect(photo.text).toBe('排污口');
  });

  it('passes stickers, voice and other messages by kind so the core can answer politely', () => {
    expect(messageToInbound(msg({ sticker: { file_id: 'st', file_unique_id: 'u', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } })).media).toEqual([{ kind: 'sticker', ref: 'st' }]);
    expect(messageToInbound(msg({ voice: { file_id: 'vo', file_unique_id: 'u', duration: 3 } })).media).toEqual([{ kind: 'voice', ref: 'vo' }]);
    expect(messageToInbound(msg({ dice: { emoji: '🎲', value: 3 } })).media).toEqual([{ kind: 'other', ref: 'tg:42:7' }]);
  });

  it('reads a choice button press as its typed answer, with the version it answers, keyed by the callback id', () => {
    const q = { id: 'cb1', from, chat_instance: 'x', data: 'c:17:1', message: { message_id: 9, date: 0, chat, text: '?' } };
    expect(callbackToInbound(q as never, new Date(0))).toEqual({ channel: 'telegram', chatId: '42', userId: '42', messageId: 'cbq:cb1', text: '1', choiceVersion: 17, at: new Date(0) });
  });

  it('reads no answer from a press whose data is not a choice or whose message is gone', () => {
    const message = { message_id: 9, date: 0, chat, text: '?' };
    expect(callbackToInbound({ id: 'cb2', from, chat_instance: 'x', data: '1', message } as never)).toBeNull();
    expect(callbackToInbound({ id: 'cb3', from, chat_instance: 'x', data: 's:认领 HY-20261127-0001', message } as never)).toBeNull();
    expect(callbackToInbound({ id: 'cb4', from, chat_instance: 'x', data: 'c:1:1' } as never)).toBeNull();
  });
});
