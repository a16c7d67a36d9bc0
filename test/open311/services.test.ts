import { describe, expect, it } from 'vitest';
import { CATEGORIES, SUBCATEGORY_PARENT } from '../../src/cases/categories.js';
import { SLOT_ORDER, SLOTS } from '../../src/conversation/slots.js';
import { attributesOf, SLOT_ANSWERS } from '../../src/open311/attributes.js';
import { serviceDefinition, serviceList } from '../../src/open311/services.js';
import { endOfLocalDay, isoLocal } from '../../src/open311/time.js';

describe('Open311 services from the chat form', () => {
  it('answers every question of the chat form, by a spec field or an attribute', () => {
    expect(Object.keys(SLOT_ANSWERS).sort()).toEqual([...SLOT_ORDER].sort());
    for (const slot of SLOT_ORDER) expect(SLOT_ANSWERS[slot].fields.length + SLOT_ANSWERS[slot].attributes.length, slot).toBeGreaterThan(0);
  });

  it('asks the attributes in the order the chat asks its questions, none required', () => {
    const asked = attributesOf('noise');
    expect(asked.map((a) => SLOT_ORDER.indexOf(a.slot))).toEqual([...asked.map((a) => SLOT_ORDER.indexOf(a.slot))].sort((x, y) => x - y));
    for (const { slot, attribute } of asked) {
      // Skippable in the chat, or the spec's fields carry the must-haves (category, place), or defaulted (identity).
      expect(attribute.required, `${slot}: ${SLOTS[slot].skippable}`).toBe(false);
      expect(attribute.description).toMatch(/^\p{Script=Han}.*\/ [A-Z]/u);
    }
  });

  it('lists every subcategory under exactly its own service', () => {
    const offered = CATEGORIES.flatMap((c) => (serviceDefinition(c).attributes.find((a) => a.code === 'subcategory')?.values ?? []).map((v) => [v.key, c]));
    expect(Object.fromEntries(offered)).toEqual(SUBCATEGORY_PARENT);
  });

  it('names services in Chinese with the English in the description', () => {
    const water = serviceList().find((s) => s.service_code === 'water')!;
    expect(water).toMatchObject({ service_name: '水污染', group: '污染 / Pollution', metadata: true, type: 'realtime' });
    expect(water.description).toBe('Water pollution. 包括：工业废水、生活污水、畜禽养殖 / Includes: industrial wastewater, sewage, livestock farm');
    expect(water.keywords.split(',')).toContain('畜禽养殖');
  });

  it('writes local date-times with their offset, and a deadline day as its last second', () => {
    expect(isoLocal(new Date('2026-11-27T16:30:05Z'), 'Asia/Shanghai')).toBe('2026-11-28T00:30:05+08:00');
    expect(isoLocal(new Date('2026-11-27T16:30:05Z'), 'UTC')).toBe('2026-11-27T16:30:05+00:00');
    expect(endOfLocalDay('2027-01-26', 'Asia/Shanghai')).toBe('2027-01-26T23:59:59+08:00');
  });
});
