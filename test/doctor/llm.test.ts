import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { checkLlm } from '../../src/doctor/llm.js';
import { FakeOpenAiApi } from '../fakes/openai-api.js';

let fake: FakeOpenAiApi;
beforeAll(async () => {
  fake = await FakeOpenAiApi.start();
});
afterAll(() => fake.close());

const llm = (env: NodeJS.ProcessEnv = {}) => loadConfig({ OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'doctor-model', HUIYIN_LLM_TIMEOUT_MS: '500', ...env }).llm;

describe('doctor: llm', () => {
  it('skips when no model is configured', async () => {
    expect((await checkLlm(loadConfig({}).llm)).status).toBe('skip');
  });

  it('is ok when the endpoint answers, after one request', async () => {
    fake.script = () => ({ kind: 'json', value: { categories: [], subcategory: null, place: null, target: null, time: null, demand: null } });
    const before = fake.requests.length;
    const r = await checkLlm(llm());
    expect(r).toMatchObject({ status: 'ok', name: 'llm', message: expect.stringMatching(new RegExp(`^doctor-model at ${fake.baseURL} answered in \\d+ ms \\(json_schema\\)$`)) });
    expect(fake.requests.length - before).toBe(1);
  });

  it('fails with the HTTP status on a refused key', async () => {
    fake.script = () => ({ kind: 'status', status: 401 });
    const r = await checkLlm(llm({ OPENAI_API_KEY: 'sk-wrong' }));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/HTTP error \(401 .*\): check OPENAI_API_KEY and OPENAI_MODEL$/);
  });

  it('fails naming HUIYIN_LLM_TIMEOUT_MS when the answer is late', async () => {
    fake.script = () => ({ kind: 'json', value: {}, delayMs: 2000 });
    const r = await checkLlm(llm());
    expect(r.status).toBe('fail');
    expect(r.message).toContain('no answer within HUIYIN_LLM_TIMEOUT_MS=500');
  });

  it('fails naming OPENAI_BASE_URL when nothing listens there', async () => {
    const r = await checkLlm(llm({ OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' }));
    expect(r).toMatchObject({ status: 'fail', message: expect.stringMatching(/cannot connect.*: check OPENAI_BASE_URL$/) });
  });

  it('warns when the endpoint answers but the model refuses', async () => {
    fake.script = () => ({ kind: 'refusal' });
    expect(await checkLlm(llm())).toMatchObject({ status: 'warn', message: expect.stringContaining('gave no usable answer: refusal') });
  });
});
