import { describe, expect, it } from 'vitest';
import { step } from '../../src/conversation/machine.js';
import { initialState, type ConversationState } from '../../src/conversation/state.js';
import type { TurnInput } from '../../src/conversation/turn.js';
import { emptyDraft } from '../../src/conversation/draft.js';
import { emptyFacts, type Facts, type Intent } from '../../src/understanding/facts.js';
import { readIntents } from '../../src/understanding/rules/intents.js';

const OPTS = { resumeAfterMs: 12 * 3_600_000 };
const T0 = new Date('2026-11-27T14:00:00Z');

function text(t: string, over: Partial<Facts> = {}): TurnInput {
  return { kind: 'text', text: t, facts: { ...emptyFacts('zh'), ...over } };
}
const intents = (...i: Intent[]): Partial<Facts> => ({ intents: i });

/** Runs inputs one after another; the effects of each turn as reply keys and effect types. */
function run(inputs: TurnInput[], from: ConversationState = initialState()) {
  let state = from;
  const turns = inputs.map((input, i) => {
    const r = step(state, input, new Date(T0.getTime() + i * 60_000), OPTS);
    state = r.state;
    return r.effects.map((e) => (e.type === 'reply' ? e.reply.key : e.type));
  });
  return { state, turns };
}

describe('/forget in the conversation', () => {
  it('reads /forget and natural phrasings, and not "forget it"', () => {
    for (const t of ['/forget', '删除我的联系方式', '请删除我的个人信息', '麻烦删掉我留下的电话号码', 'delete my contact details', 'Please erase my personal data']) {
      expect(readIntents(t).intents, t).toContain('forget');
    }
    expect(readIntents('forget it').intents).toEqual(['cancel']);
    expect(readIntents('删除照片').intents).not.toContain('forget');
  });

  it('asks first; 1 or yes erases, and the state is back as it was', () => {
    const { state, turns } = run([text('/forget', intents('forget')), text('1', { choice: 1 })]);
    expect(turns).toEqual([['forget_confirm'], ['forget']]);
    expect(state.forgetting).toBe(false);
    expect(run([text('/forget', intents('forget')), text('好的', intents('affirm'))]).turns[1]).toEqual(['forget']);
  });

  it('2, no or cancel keeps the contact', () => {
    for (const answer of [text('2', { choice: 2 }), text('不', intents('deny')), text('取消', intents('cancel'))]) {
      const { state, turns } = run([text('/forget', intents('forget')), answer]);
      expect(turns[1]).toEqual(['forget_kept']);
      expect(state.forgetting).toBe(false);
    }
  });

  it('keeps a report under way and asks its question again after the answer', () => {
    const collecting: ConversationState = { ...initialState(), phase: 'collecting', awaiting: 'place', draft: { ...emptyDraft(T0), categories: ['noise'], description: ['工地噪声'] } };
    const { state, turns } = run([text('删除我的联系方式', intents('forget')), text('1', { choice: 1 })], collecting);
    expect(turns).toEqual([['forget_confirm'], ['forget', 'ask_place']]);
    expect(state).toMatchObject({ phase: 'collecting', awaiting: 'place', draft: { description: ['工地噪声'] } });
  });

  it('reads anything else as usual, and the request lapses', () => {
    const { state, turns } = run([text('/forget', intents('forget')), text('你好', intents('greeting')), text('1', { choice: 1 })]);
    expect(turns).toEqual([['forget_confirm'], ['welcome'], ['not_understood']]);
    expect(state.forgetting).toBe(false);
  });
});
