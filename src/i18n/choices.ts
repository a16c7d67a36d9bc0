import type { OutboundChoices } from '../channels/contract.js';
import { CATEGORIES } from '../cases/categories.js';
import { RATINGS } from '../cases/lifecycle.js';
import type { District } from '../places/types.js';
import type { Lang } from '../understanding/facts.js';
import type { Labels, Reply } from './catalog.js';
import { CATALOGS } from './render.js';
import { districtName } from './summary.js';

/**
 * Buttons of a reply before the conversation version is known: the options, or a location
 * request. `standalone` options name what they answer (a case number) and never go stale.
 */
export type ReplyChoices = { kind: 'options'; options: { label: string; reply: string }[]; standalone?: true } | Extract<OutboundChoices, { kind: 'location' }>;

/** The words a rating button sends: Chinese, which the understanding reads whatever the language. */
const RATING_WORDS = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' } as const;

/** Numbered options: pressing the n-th answers `n`, exactly what the text menu asks to type. */
function numbered(labels: string[]): ReplyChoices {
  return { kind: 'options', options: labels.map((label, i) => ({ label, reply: String(i + 1) })) };
}

/** A single button that answers with a word the understanding reads in either language. */
function word(label: string, reply: string): ReplyChoices {
  return { kind: 'options', options: [{ label, reply }] };
}

const districts = (ds: District[], lang: Lang): string[] => ds.map((d) => districtName(d, lang));

/** The buttons of a reply, from the same numbering its text menu uses; null when it asks no short choice. */
function choicesIn(reply: Reply, l: Labels): ReplyChoices | null {
  const b = l.buttons;
  switch (reply.key) {
    case 'ask_category':
    case 'ask_category_again':
      return numbered(CATEGORIES.map((c) => l.categories[c]));
    case 'resume_prompt':
      return numbered([b.resume, b.drop]);
    case 'place_ambiguous':
    case 'pin_border':
      return numbered(districts(reply.params.candidates, l.lang));
    case 'pin_disagrees':
      return numbered(districts([reply.params.said, reply.params.pinned], l.lang));
    case 'ask_identity':
    case 'ask_identity_again':
      return numbered([b.identity.anonymous, b.identity.confidential, b.identity.real_name]);
    case 'confirm_summary':
    case 'confirm_again':
      return numbered([b.confirm, b.change]);
    case 'which_field':
      return numbered(reply.params.slots.map((s) => l.slots[s]));
    case 'ask_target':
    case 'ask_time':
      return word(b.dontKnow, '不知道');
    case 'ask_evidence':
    case 'send_evidence_now':
    case 'ask_demand':
      return word(b.none, '没有');
    case 'ask_place':
    case 'ask_place_again':
      return { kind: 'location', label: b.shareLocation };
    case 'case_answered':
    case 'rating_reminder': {
      const n = reply.params.number;
      return { kind: 'options', standalone: true, options: RATINGS.map((r) => ({ label: l.ratings[r], reply: `${RATING_WORDS[r]} ${n}` })) };
    }
    case 'status_pick':
      return { kind: 'options', standalone: true, options: reply.params.cases.map((c) => ({ label: c.number, reply: c.number })) };
    case 'duplicate_offer':
    case 'which_case':
      return numbered([...reply.params.cases.map((c) => c.number), b.newProblem]);
    default:
      return null;
  }
}

/** The buttons a platform may show with `reply` in `lang`, or null. */
export function choicesOf(reply: Reply, lang: Lang): ReplyChoices | null {
  return choicesIn(reply, CATALOGS[lang].labels);
}

/**
 * The buttons to send with `reply`: question buttons bound to the conversation version they
 * answer (null for a message sent outside a turn, which carries only standalone buttons).
 */
export function outboundChoices(reply: Reply, lang: Lang, version: number | null): OutboundChoices | undefined {
  const c = choicesOf(reply, lang);
  if (!c) return undefined;
  if (c.kind === 'location') return c;
  if (c.standalone) return { kind: 'buttons', options: c.options };
  return version === null ? undefined : { kind: 'buttons', version, options: c.options };
}

/**
 * The buttons of a page: acknowledge it, or take the conversation over. Staff read Chinese first,
 * English second; each button sends the same command staff could type.
 */
export function staffActions(ref: string): Extract<OutboundChoices, { kind: 'actions' }> {
  const [zh, en] = [CATALOGS.zh.labels.buttons, CATALOGS.en.labels.buttons];
  return {
    kind: 'actions',
    actions: [
      { label: `${zh.ack} ${en.ack}`, reply: `认领 ${ref}` },
      { label: `${zh.takeOver} ${en.takeOver}`, reply: `接管 ${ref}` },
    ],
  };
}
