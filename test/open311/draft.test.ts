import { describe, expect, it } from 'vitest';
import type { Category } from '../../src/cases/categories.js';
import { draftFromRequest } from '../../src/open311/draft.js';
import { postBody } from '../../src/open311/request.js';
import { RulesUnderstander } from '../../src/understanding/rules/understander.js';

const now = new Date('2026-11-27T02:00:00Z');
const understander = new RulesUnderstander(() => now);

/** Runs a request's fields through the same steps the service does, with the real rules extractor. */
async function draft(fields: Record<string, unknown>, attributes: Record<string, string> = {}, category: Category = 'air') {
  const body = postBody.parse({ service_code: category, attribute: {}, ...fields });
  const facts = { description: await understander.understand(body.description), time: attributes.time ? await understander.understand(attributes.time) : null };
  return draftFromRequest(body, category, attributes, facts, now, 'Asia/Shanghai');
}

const errorsOf = (r: Awaited<ReturnType<typeof draft>>): string => (r.ok ? '' : JSON.stringify(r.answer));

describe('an Open311 request as the chat form', () => {
  it('fills the form from the description as a first chat message does', async () => {
    const r = await draft({ address_string: '温江区万春镇', description: '有家火锅店油烟很大，每天晚上都排，还很吵' });
    if (!r.ok) throw new Error(errorsOf(r));
    expect(r.draft).toMatchObject({ categories: ['air', 'noise'], subcategory: 'cooking_fumes', place: { district: { name: '温江区' }, town: '万春镇', text: '温江区万春镇' }, identity: 'anonymous' });
    expect(r.draft.skipped).toEqual(expect.arrayContaining(['evidence', 'demand']));
    expect(r.lang).toBe('zh');
  });

  it('keeps the service as the primary category and drops a subcategory of another', async () => {
    const r = await draft({ address_string: '温江区万春镇', description: '工地晚上施工噪音很大' }, {}, 'air');
    if (!r.ok) throw new Error(errorsOf(r));
    expect(r.draft.categories[0]).toBe('air');
    expect(r.draft.subcategory).toBeNull();
  });

  it('decides identity from the contact left, and never takes a phone in the description as the contact', async () => {
    const withEmail = await draft({ address_string: '温江区万春镇', description: '有家工厂排黑烟，工厂电话02887654321', email: 'a@example.com' });
    expect(withEmail).toMatchObject({ ok: true, email: 'a@example.com', draft: { identity: 'confidential', contactPhone: null } });
    const none = await draft({ address_string: '温江区万春镇', description: '有家工厂排黑烟，我电话13912345678' });
    expect(none).toMatchObject({ ok: true, email: null, draft: { identity: 'anonymous', contactPhone: null, contactName: null } });
    const asked = await draft({ address_string: '温江区万春镇', description: '我要匿名举报，有家工厂排黑烟', phone: '+86 139 1234 5678', first_name: 'Ada', last_name: 'Wang' });
    expect(asked).toMatchObject({ ok: true, email: null, draft: { identity: 'anonymous', contactPhone: null, contactName: null } });
    const named = await draft({ address_string: '温江区万春镇', description: '有家工厂排黑烟', phone: '+86 139 1234 5678', first_name: 'Ada', last_name: 'Wang' }, { identity: 'real_name' });
    expect(named).toMatchObject({ ok: true, draft: { identity: 'real_name', contactPhone: '13912345678', contactName: 'Ada Wang' } });
  });

  it('reads when it last happened into the time and the night rule', async () => {
    const r = await draft({ address_string: '温江区万春镇', description: '有家工厂排黑烟' }, { observed_at: '2026-11-27T23:10:00+08:00' });
    expect(r).toMatchObject({ ok: true, draft: { time: '2026-11-27 23:10', night: true } });
    const said = await draft({ address_string: '温江区万春镇', description: '有家工厂排黑烟' }, { time: '每天凌晨两点', observed_at: '2026-11-27T14:00:00+08:00' });
    expect(said).toMatchObject({ ok: true, draft: { time: '每天凌晨两点', night: true } });
  });

  it('takes the pin over the description where they differ only in words, and the address town with it', async () => {
    const r = await draft({ lat: 30.757, long: 103.975, description: '温江区有家工厂排黑烟' });
    expect(r).toMatchObject({ ok: true, draft: { place: { district: { name: '郫都区' }, town: null, pin: { lat: 30.757, lng: 103.975, datum: 'wgs84' } } } });
    const both = await draft({ lat: 30.757, long: 103.975, address_string: '犀浦街道', description: '有家工厂排黑烟' });
    expect(both).toMatchObject({ ok: true, draft: { place: { district: { name: '郫都区' }, town: '犀浦街道' } } });
  });

  it('sends a pin outside Sichuan to the triage desk, as the chat does', async () => {
    const r = await draft({ lat: 39.9, long: 116.4, description: '有家工厂排黑烟' });
    expect(r).toMatchObject({ ok: true, draft: { place: { district: null, outside: true } } });
  });

  it('refuses what the chat would have to ask again', async () => {
    expect(errorsOf(await draft({ address_string: '温江区万春镇', description: '有家工厂排黑烟' }, { target: '？？' }))).toContain('attribute[target]');
    expect(errorsOf(await draft({ address_string: '火星基地', description: '有家工厂排黑烟' }))).toContain('address_string');
    expect(errorsOf(await draft({ address_string: '温江区万春镇', description: '有家工厂排黑烟', phone: '110' }))).toContain('phone');
  });
});
