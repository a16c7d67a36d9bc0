import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { OpenAiChatModel } from '../../../src/understanding/llm/client.js';
import { grounded, mergeProposal } from '../../../src/understanding/llm/merge.js';
import { loadPrompts, parsePrompt } from '../../../src/understanding/llm/prompts.js';
import { acceptableQuestion, missingSlots } from '../../../src/understanding/llm/question.js';
import { PRESETS } from '../../../src/understanding/llm/settings.js';
import { publicSummary } from '../../../src/understanding/llm/summary.js';
import { extractFacts } from '../../../src/understanding/rules/extract.js';
import { FakeOpenAiApi } from '../../fakes/openai-api.js';

const prompts = loadPrompts('prompts');
const NONE = { categories: [], subcategory: null, place: null, target: null, time: null, demand: null };

describe('model settings', () => {
  it('is off without a key, a base URL or a preset', () => {
    expect(loadConfig({}).llm).toBeNull();
  });
  it.each(Object.entries(PRESETS))('has a working preset for %s', (preset, d) => {
    const llm = loadConfig({ HUIYIN_LLM_PRESET: preset, OPENAI_API_KEY: 'k' }).llm;
    expect(llm).toMatchObject({ baseURL: d.baseURL, model: d.model, mode: d.mode, timeoutMs: 8000, sendPersonalData: false });
  });
  it('takes a local server with a model, and refuses a hosted preset without its key', () => {
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODEL: 'm', HUIYIN_LLM_MODE: 'tools' }).llm).toMatchObject({ preset: null, mode: 'tools', model: 'm' });
    expect(() => loadConfig({ HUIYIN_LLM_PRESET: 'deepseek' })).toThrow(/OPENAI_API_KEY: required/);
    expect(() => loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' })).toThrow(/OPENAI_MODEL: required/);
    expect(() => loadConfig({ OPENAI_API_KEY: 'k', HUIYIN_LLM_MODE: 'xml' })).toThrow(/HUIYIN_LLM_MODE/);
  });
});

describe('prompts', () => {
  it('has one file per task, each naming its output schema', () => {
    expect(Object.fromEntries(Object.entries(prompts).map(([k, p]) => [k, p.schema]))).toEqual({ extract: 'FactProposal', question: 'QuestionProposal', summary: 'PublicSummary' });
    expect(() => parsePrompt('x.md', '---\nname: x\nversion: 1\nschema: Nope\n---\n# system\na\n# user\nb')).toThrow(/x.md: schema/);
  });
});

describe('merge rules', () => {
  it('lets the model fill, never replace, and never act', () => {
    const text = '那个做家具的作坊天天喷漆，在犀浦';
    const rules = extractFacts(text);
    const { facts, taken } = mergeProposal(rules, { categories: ['noise'], subcategory: 'industrial_gas', place: '犀浦', target: '做家具的作坊', time: '天天', demand: '关停并公开所有案件' }, text);
    expect(facts.categories).toEqual(rules.categories);
    expect(facts.intents).toEqual(rules.intents);
    expect(facts.identityMode).toBe(rules.identityMode);
    expect(facts.demand).toBeNull();
    expect(taken).not.toContain('demand');
    expect(grounded('做家具的作坊', text)).toBe(true);
    expect(grounded('×××的作坊', text)).toBe(false);
  });
  it('takes categories only when the rules found none, and re-resolves places through the gazetteer', () => {
    const text = '最近晚上总是睡不着';
    const merged = mergeProposal(extractFacts(text), { ...NONE, categories: ['noise'], subcategory: 'social_noise', place: '温江区' }, text);
    expect(merged.facts.categories).toEqual(['noise']);
    expect(merged.facts.subcategory).toBe('social_noise');
    // Not the reporter's words: offered to confirm, not taken.
    expect(merged.facts.place.district).toBeNull();
    expect(merged.facts.place.ambiguous.map((d) => d.code)).toEqual(['510115']);
    expect(mergeProposal(extractFacts(text), { ...NONE, place: '火星基地' }, text).facts.place).toEqual(extractFacts(text).place);
  });
});

describe('the missing-fact question', () => {
  it('is shown only when it is a question in the reporter\'s language, with no numbers or links', () => {
    expect(acceptableQuestion('谢谢您告诉我们塑料厂的情况。请问它在哪个区县、哪个街道？', 'zh')).toBe(true);
    expect(acceptableQuestion('Thanks. Where exactly is it?', 'en')).toBe(true);
    for (const q of ['您的案件 HY-20261127-0001 已办结。还有问题吗？', 'Where is it?', '请拨打13800138000？', '谢谢。', '请看 https://x.cn 好吗？', '×××是谁？']) expect(acceptableQuestion(q, 'zh')).toBe(false);
    expect(acceptableQuestion('请问在哪里？', 'en')).toBe(false);
  });
  it('lists what neither the report so far nor the rules on this message have, in the form\'s order', () => {
    const rules = extractFacts('郫都区犀浦街道有家塑料厂排黑烟');
    const dialogue = (known: Record<string, string>) => ({ dialogue: { phase: 'collecting', awaiting: 'time', known, personal: [] } });
    expect(missingSlots(rules, dialogue({}))).toEqual(['time', 'demand']);
    expect(missingSlots(rules, dialogue({ time: '每天' }))).toEqual(['demand']);
    expect(missingSlots(extractFacts('好难闻'), dialogue({}))).toEqual(['place', 'target', 'time', 'demand']);
    expect(missingSlots(rules, {})).toEqual([]);
  });
});

describe('public summary', () => {
  let fake: FakeOpenAiApi;
  let model: OpenAiChatModel;
  beforeAll(async () => {
    fake = await FakeOpenAiApi.start();
    model = new OpenAiChatModel({ apiKey: 'k', baseURL: fake.baseURL, model: 'fake', mode: 'json_object', timeoutMs: 300 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('sends a closed case cleaned, and refuses a summary carrying personal data', async () => {
    const c = { categories: ['大气'], place: '郫都区 犀浦街道', finding: '属实', action: '经核查，负责人王某某已整改，联系电话13912345678，举报人张三满意。', personal: ['张三'] };
    fake.script = () => ({ kind: 'json', value: { summary: '郫都区犀浦街道一企业排放异味，经核查属实，已责令整改。' } });
    const good = await publicSummary(model, prompts.summary, c, 'fallback');
    expect(good.text).toBe('郫都区犀浦街道一企业排放异味，经核查属实，已责令整改。');
    const sent = fake.requests.at(-1)!.messages[1]!.content;
    for (const personal of ['王某某', '13912345678', '张三']) expect(sent).not.toContain(personal);
    fake.script = () => ({ kind: 'json', value: { summary: '负责人王某某已整改，电话13912345678。' } });
    expect((await publicSummary(model, prompts.summary, c, 'fallback')).text).toBe('fallback');
    fake.script = () => ({ kind: 'empty' });
    expect((await publicSummary(model, prompts.summary, c, 'fallback')).text).toBe('fallback');
  });
});
