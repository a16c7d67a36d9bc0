import { describe, expect, it } from 'vitest';
import { choicesOf } from '../../src/i18n/choices.js';
import type { Reply } from '../../src/i18n/catalog.js';
import { render } from '../../src/i18n/render.js';
import { resolvePlace } from '../../src/places/resolve.js';
import type { District } from '../../src/places/types.js';

const LANGS = ['zh', 'en'] as const;

function district(name: string): District {
  const r = resolvePlace(name);
  if (!r.district) throw new Error(`no district for ${name}`);
  return r.district;
}

/** Replies whose text is a numbered menu, one "n label" line per choice. */
const MENUS: Reply[] = [
  { key: 'ask_category', params: {} },
  { key: 'ask_category_again', params: {} },
  { key: 'which_field', params: { slots: ['place', 'target', 'time'] } },
  { key: 'pin_border', params: { candidates: [district('武侯区'), district('双流区')] } },
  { key: 'pin_disagrees', params: { said: district('武侯区'), pinned: district('双流区') } },
];

describe('buttons offered with questions', () => {
  for (const lang of LANGS) {
    it(`numbers every button as its text menu does (${lang})`, () => {
      for (const reply of MENUS) {
        const choices = choicesOf(reply, lang);
        expect(choices?.kind).toBe('options');
        const lines = render(reply, lang).split('\n').filter((l) => /^\d+ /.test(l));
        const options = choices?.kind === 'options' ? choices.options : [];
        expect(options.map((o) => o.reply)).toEqual(lines.map((l) => l.split(' ')[0]));
        // Each button's label is what its menu line names (category menu lines add examples).
        options.forEach((o, i) => expect(lines[i]).toContain(o.label.replace(/ pollution$/, '').replace(/污染$/, '')));
      }
    });

    it(`offers the answers a question's text invites (${lang})`, () => {
      expect(choicesOf({ key: 'ask_identity', params: {} }, lang)).toMatchObject({ kind: 'options', options: [{ reply: '1' }, { reply: '2' }, { reply: '3' }] });
      expect(choicesOf({ key: 'confirm_summary', params: { draft: null as never } }, lang)).toMatchObject({ kind: 'options', options: [{ reply: '1' }, { reply: '2' }] });
      expect(choicesOf({ key: 'ask_evidence', params: {} }, lang)).toMatchObject({ kind: 'options', options: [{ reply: '没有' }] });
      expect(choicesOf({ key: 'ask_target', params: {} }, lang)).toMatchObject({ kind: 'options', options: [{ reply: '不知道' }] });
      expect(choicesOf({ key: 'ask_place', params: {} }, lang)).toMatchObject({ kind: 'location' });
      expect(choicesOf({ key: 'case_opened', params: { number: 'HY-20261127-0001', identity: 'anonymous', urgent: false, unit: 'x' } }, lang)).toBeNull();
    });
  }

  it('labels buttons in the reporter language', () => {
    const zh = choicesOf({ key: 'ask_identity', params: {} }, 'zh');
    const en = choicesOf({ key: 'ask_identity', params: {} }, 'en');
    expect(zh?.kind === 'options' && zh.options.map((o) => o.label)).toEqual(['匿名', '保密', '实名']);
    expect(en?.kind === 'options' && en.options.map((o) => o.label)).toEqual(['Anonymous', 'Confidential', 'Real name']);
  });
});
