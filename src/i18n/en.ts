import { SLOT_ORDER } from '../conversation/slots.js';
import type { Catalog } from './catalog.js';
import { districtName, placeText, summaryLines } from './summary.js';

const CATEGORY_MENU = '1 Air (smoke, odour, cooking fumes)\n2 Water\n3 Noise\n4 Solid waste (garbage, debris, hazardous)\n5 Soil\n6 Radiation\n7 Ecological damage (sand dredging, mining, reserves, logging)\n8 Other';

/** English, for reporters who write English or ask for it. */
export const en: Catalog = {
  labels: {
    lang: 'en',
    categories: { air: 'Air pollution', water: 'Water pollution', noise: 'Noise', solid_waste: 'Solid waste', soil: 'Soil pollution', radiation: 'Radiation', ecology: 'Ecological damage', other: 'Other' },
    subcategories: {
      odour: 'odour', industrial_gas: 'industrial emissions', dust: 'dust', cooking_fumes: 'cooking fumes', burning: 'open burning', vehicle_exhaust: 'vehicle exhaust',
      construction_noise: 'construction noise', industrial_noise: 'industrial noise', social_noise: 'neighbourhood noise', traffic_noise: 'traffic noise',
      industrial_wastewater: 'industrial wastewater', domestic_sewage: 'sewage', livestock: 'livestock farm', garbage: 'garbage', hazardous_waste: 'hazardous waste',
      construction_waste: 'construction waste', mining: 'mining', sand_dredging: 'sand dredging', nature_reserve: 'nature reserve', deforestation: 'deforestation', electromagnetic: 'electromagnetic',
    },
    slots: { category: 'Problem', place: 'Place', target: 'Source', time: 'When / how often', evidence: 'Photos/videos', demand: 'What you want done', identity: 'Identity', contact: 'Contact' },
    identity: { anonymous: 'Anonymous (staff cannot see who you are)', confidential: 'Confidential (staff only, never disclosed)', real_name: 'Real name' },
    statuses: { registered: 'Registered, awaiting acceptance', accepted: 'Accepted', not_accepted: 'Not accepted', forwarded: 'Forwarded', in_progress: 'Being handled', answered: 'Answered, awaiting your rating', closed: 'Closed' },
    findings: { true: 'true', partly_true: 'partly true', basically_true: 'basically true', untrue: 'not true' },
    ratings: { satisfied: 'Satisfied', basically_satisfied: 'Mostly satisfied', unsatisfied: 'Not satisfied' },
    events: {
      registered: 'registered', accepted: 'accepted', not_accepted: 'not accepted', forwarded: 'forwarded', sent_back: 'sent back for reassignment', in_progress: 'work started', extended: 'extended',
      answered: 'answered', reopened: 'reopened', rated: 'rated', closed: 'closed', merged: 'merged into another case', joined: 'another resident reported the same problem',
    },
    clocks: { accept: 'acceptance decision', accept_target: 'acceptance (local target)', answer: 'answer', send_back: 'send-back window', review: 'review request' },
    none: 'none',
    outside: 'outside Sichuan',
    unknown: 'unknown',
    buttons: { confirm: 'Submit', change: 'Change', resume: 'Continue', drop: 'Drop it', none: 'None', dontKnow: "Don't know", shareLocation: '📍 Send my location', identity: { anonymous: 'Anonymous', confidential: 'Confidential', real_name: 'Real name' }, newProblem: 'New problem', ack: 'Ack', takeOver: 'Take over' },
  },
  messages: {
    welcome: () => 'Hello, this is Huiyin, the environmental complaint assistant, online 24 hours. Tell me what is wrong, e.g. "A plastics factory in Xipu, Pidu District puts out black smoke every night".',
    faq: () =>
      'We take complaints about air, water, noise, solid waste, soil, radiation and ecological damage.\nYou get a case number at once; you are told within 15 days whether it is accepted, and an accepted case is answered within 60 days (one extension of up to 30 days, with the reason).\nJust describe the problem, the place and the source to begin.',
    help: () => 'How to use this chat:\n· Describe the problem; I will ask for what is missing\n· Say "no, it is in Wenjiang District" to correct anything\n· "cancel" drops the report, "restart" starts over\n· "status" or a case number shows progress\n· "/forget" deletes the contact details you left\n· "/lang zh" switches to Chinese',
    staff_paged: ({ reason }) =>
      reason === 'human'
        ? 'A duty officer has been told and will reply here as soon as they can. You can keep describing the problem here; in an emergency call 12345.'
        : 'Sorry, I could not understand. I have asked the duty officer to help; they will reply here.',
    thanks_reply: () => 'You are welcome. Tell me any time you see another problem.',
    not_understood: () => 'Sorry, I did not understand. Please describe the environmental problem in a sentence or two: what, where, and who causes it. Send "help" for tips.',
    empty_message: () => 'I received no text. Please describe the problem.',
    unsupported_media: () => 'I cannot read voice messages, stickers or this kind of file yet. Please write it down; photos and videos are welcome.',
    long_message_cut: ({ kept }) => `Your message is long: the case keeps its first ${kept} characters, and the full text is archived.`,
    lang_switched: () => 'OK, I will reply in English from now on.',
    cancelled: () => 'Your report has been cancelled and what you entered was deleted. Write again any time.',
    nothing_to_cancel: () => 'There is no report in progress.',
    restarted: () => 'OK, let us start again.',
    resume_prompt: ({ draft }, l) =>
      `You have an unfinished report:\n${summaryLines(draft, l, ['category', 'place', 'target'], ': ').join('\n')}\nReply 1 to continue, 2 to drop it.`,
    resumed: () => 'OK, let us continue.',
    dropped: () => 'The unfinished report was dropped. Please describe the new problem.',
    noted: ({ draft }, l) => `Got it. Noted: ${summaryLines(draft, l, ['category', 'place', 'target', 'time'], ': ').filter((x) => !x.endsWith(l.unknown)).join('; ')}.`,
    correction_applied: () => 'OK, corrected.',
    evidence_received: ({ count }) => `Photo/video received (${count} in all).`,
    ask_category: () => `What is the problem? Describe it, or reply with a number:\n${CATEGORY_MENU}`,
    ask_category_again: () => `I could not tell the kind of problem. Please reply with a number:\n${CATEGORY_MENU}`,
    ask_place: () => 'Where is it? Please give the district (or county) and street or town, or a nearby road or landmark; you can also send a location.',
    ask_place_again: () => 'I still cannot place it. Which district or county is it in, e.g. "Wanchun, Wenjiang District"?',
    place_ambiguous: ({ candidates, mention }) =>
      candidates.length === 1
        ? `By "${mention ?? 'that place'}", do you mean ${districtName(candidates[0]!, 'en')}? Reply 1 to confirm, or tell me the right district or county.`
        : `"${mention ?? 'That place'}" could be in several places. Reply with a number:\n${candidates.map((c, i) => `${i + 1} ${districtName(c, 'en')}`).join('\n')}\nIf none is right, tell me the district or county.`,
    place_unknown: ({ name }) => `I could not find "${name}". Please check it, or tell me the district or county.`,
    place_confirmed: ({ draft }, l) => `OK, the place is ${placeText(draft, l)}.`,
    pin_invalid: () => 'I cannot read that location (the phone may have had no fix). Please tell me the district or county and the street in words.',
    pin_outside: () => 'That location is outside Sichuan. I will register the report for the triage desk to check; if the pin is wrong, tell me the district or county in words.',
    pin_border: ({ candidates }) => `That location is near a district border. Reply with a number to confirm where it is:\n${candidates.map((c, i) => `${i + 1} ${districtName(c, 'en')}`).join('\n')}`,
    pin_disagrees: ({ said, pinned }) => `You said ${districtName(said, 'en')}, but the location is in ${districtName(pinned, 'en')}. Reply with a number:\n1 ${districtName(said, 'en')}\n2 ${districtName(pinned, 'en')}`,
    ask_target: () => 'Who or what is causing it? A factory, shop or site name, or roughly where it is. Reply "don\'t know" if unsure.',
    ask_time: () => 'When does it happen, and how often? (e.g. "every night after 10 pm") Reply "don\'t know" if unsure.',
    ask_evidence: () => 'Do you have photos or videos? Send them now, or reply "no".',
    send_evidence_now: () => 'Please send the photos or videos now; reply "done" when finished, or "no" to skip.',
    ask_demand: () => 'What would you like done? (e.g. "stop the night work") Reply "none" if nothing in particular.',
    hint_place: () => ' You can also send a location.',
    hint_target: () => ' Reply "don\'t know" if unsure.',
    hint_time: () => ' Reply "don\'t know" if unsure.',
    hint_demand: () => ' Reply "none" if nothing in particular.',
    ask_identity: () =>
      'Last: how do you want to report? Reply with a number:\n1 Anonymous: staff cannot see who you are; updates still come to this chat\n2 Confidential: leave a name and phone for staff only, never disclosed to the reported party\n3 Real name',
    ask_identity_again: () => 'Please reply 1 (anonymous), 2 (confidential) or 3 (real name).',
    ask_contact: ({ realName }) => (realName ? 'Please give your name and mobile number, e.g. "Zhang San 13800000000".' : 'Please give a phone number (name optional), for staff to reach you only; it is never disclosed.'),
    ask_contact_name: () => 'Please also tell me your name.',
    invalid_phone: () => 'That number does not look right. Please enter an 11-digit mobile number or a landline with area code.',
    confirm_summary: ({ draft }, l) =>
      `Please check your report:\n${summaryLines(draft, l, SLOT_ORDER, ': ').join('\n')}\nReply 1 to submit, 2 to change something; or say "no, it is ...".`,
    confirm_again: () => 'Reply 1 to submit, 2 to change something.',
    which_field: ({ slots }, l) => `What would you like to change? Reply with a number:\n${slots.map((s, i) => `${i + 1} ${l.slots[s]}`).join('\n')}`,
    case_opened: ({ number, identity, urgent, unit }) =>
      `Registered. Your case number is ${number}; it goes to the ${unit}.\n${urgent ? 'This looks urgent; the duty officer has been alerted.\n' : ''}You will be told within 15 days whether it is accepted, and an accepted case is answered within 60 days; updates come to this chat. Send "status" any time.${identity === 'anonymous' ? '\nYou chose to stay anonymous: staff cannot see who you are.' : '\nYour identity is kept confidential and never disclosed to the reported party.'}`,
    status_none: () => 'You have no reports registered through this chat yet.',
    status_not_found: ({ number }) => `No case numbered ${number} was found under your reports. Please check the number.`,
    status_detail: ({ detail }, l) =>
      `Case ${detail.number} | ${detail.categories.map((x) => l.categories[x]).join(', ')} | ${detail.district ?? l.unknown}\nNow: ${l.statuses[detail.status] ?? detail.status}\n` +
      detail.timeline.map((t) => `${t.day} ${l.events[t.type] ?? t.type}`).join('\n') +
      (detail.next ? `\nNext: ${l.clocks[detail.next.kind]}, due ${detail.next.due}` : ''),
    status_pick: ({ cases }, l) =>
      `You have ${cases.length} open reports; reply with a case number to see one:\n${cases.map((c) => `${c.number} | ${c.categories.map((x) => l.categories[x]).join(', ')} | ${c.district ?? l.unknown} | ${l.statuses[c.status] ?? c.status}`).join('\n')}`,
    case_accepted: ({ number, due }) => `Your report ${number} is accepted; you will have an answer by ${due}.`,
    case_forwarded: ({ number, unit }) => `Your report ${number} has gone to the ${unit.en}; updates will keep coming here.`,
    case_sent_back: ({ number }) => `Your report ${number} is being reassigned to the right office; its deadlines do not change. Updates will keep coming here.`,
    case_in_progress: ({ number, unit, due }) => `The ${unit.en} has started work on your report ${number}; the answer is due by ${due}.`,
    case_extended: ({ number, days, reason, due }) => `Your report ${number} needs ${days} more days. Reason: ${reason}. The answer is now due by ${due}.`,
    case_answered: ({ number, finding, action, final, reviewDue }, l) =>
      `Your report ${number} is answered. Finding: ${l.findings[finding]}. What was done: ${action}\nPlease rate it: reply 1 satisfied, 2 mostly satisfied, 3 not satisfied.` +
      (final ? `\nIf you disagree with this answer you may ask the next-higher authority for a review by ${reviewDue}.` : ''),
    case_reopened: ({ number, due }) => `Thank you for telling us. Report ${number} is back with the handling office to be dealt with again; the answer is due by ${due}.`,
    case_merged: ({ number, into }) => `Your report ${number} is handled together with case ${into} about the same problem; its updates will come to you.`,
    rating_thanks: ({ number }) => `Thank you for your rating; report ${number} is closed. Tell me any time about a new problem.`,
    rating_reminder: ({ number }) => `Your report ${number} was answered. Please rate the result: reply 1 satisfied, 2 mostly satisfied, 3 not satisfied.`,
    ask_rating_reason: ({ number }) => `Sorry the result did not satisfy you. What is still wrong (for example, the problem continues)? I will pass it to the handling office (report ${number}).`,
    review_guidance: ({ number, due }) => `Your view on report ${number} is recorded. This answer is final; if you disagree you may ask the authority above the one that answered for a review by ${due}, giving your reasons.`,
    review_expired: ({ number, due }) => `Your view on report ${number} is recorded. The time to ask for a review ended on ${due}; if something new has happened, describe it and it will be registered as a new report.`,
    rating_refused: ({ number, why }) => (why === 'already_rated' ? `You have already rated report ${number}, thank you.` : `Report ${number} has not been answered yet; you will be asked to rate it then. Send "status" to see progress.`),
    duplicate_offer: ({ cases }, l) =>
      `There is already an open report of the same kind nearby:\n${cases.map((c, i) => `${i + 1} ${c.number} | ${c.categories.map((x) => l.categories[x]).join(', ')} | ${c.district ?? l.unknown} | ${l.statuses[c.status] ?? c.status}`).join('\n')}\nIf it is the same problem, reply with its number to join it (you get the same updates and are counted); reply ${cases.length + 1} to file a new report anyway.`,
    case_joined: ({ number, reporters }) => `Your report joins case ${number} (${reporters} residents so far); its updates will come to this chat.`,
    which_case: ({ cases }, l) =>
      `You have open reports:\n${cases.map((c, i) => `${i + 1} ${c.number} | ${c.categories.map((x) => l.categories[x]).join(', ')} | ${c.district ?? l.unknown}`).join('\n')}\nIs this message about one of them? Reply with its number; reply ${cases.length + 1} if it is a new problem.`,
    case_supplemented: ({ number }) => `Added to report ${number}; the handling office will see it.`,
    notices_off: ({ count }) => `OK, no more updates will be sent about ${count} reports; "status" still shows them, and "notify" turns updates back on.`,
    notices_on: ({ count }) => `OK, updates about ${count} reports will come to this chat again.`,
    forget_confirm: () => 'Delete the contact details (name, phone) you left? Finished reports lose them now; reports still being handled lose them when they finish, so the office can reach you until then.\nReply 1 to delete, 2 to keep them.',
    forget_done: ({ closed, open }) =>
      `Noted. ${closed > 0 ? `Contact details were deleted from ${closed} finished reports. ` : ''}${open > 0 ? `${open} reports still being handled will lose them when they finish. ` : ''}Contact details left in future will also be deleted when the report finishes.`,
    forget_kept: () => 'OK, your contact details are kept.',
    retention_erased: ({ contact, evidence, transcript }) =>
      [contact === 'request' ? 'contact details deleted at the reporter\'s request' : contact === 'policy' ? 'contact details deleted after the retention period' : '', evidence > 0 ? `${evidence} evidence files deleted after the retention period` : '', transcript > 0 ? `personal data masked in ${transcript} chat messages` : '']
        .filter((p) => p.length > 0)
        .join('; '),
    clock_reminder: ({ ref, clock, due }, l) => `[Huiyin · deadline] ${ref}: ${l.clocks[clock]} due by ${due}.`,
    system_busy: () => 'Sorry, the system is busy. Your message is saved; please send it again in a moment.',
    kept_for_later: () => 'The system cannot handle your message right now. It is saved and will be handled automatically once the system is back; there is no need to send it again.',
    too_fast: () => 'You are sending messages too fast, so some of the last ones were not handled. Please wait a minute and send them again.',
    page: ({ level, reason, ref, summary, due }, l) =>
      `[Huiyin · ${{ urgent: 'URGENT case', human: 'reporter asks for a person', not_understood: 'bot could not understand', overdue: 'case OVERDUE, under supervision' }[reason]}${level > 0 ? ` · level ${level + 1} (not acknowledged above)` : ''}] ${ref}\n` +
      `${summary.categories.map((c) => l.categories[c as keyof typeof l.categories] ?? c).join(', ') || l.unknown} | ${summary.place ?? l.unknown} | ${summary.target ?? l.unknown} | ${summary.time ?? l.unknown}\n` +
      `Reply "ack ${ref}" by ${due}, or the next level is paged. Also: claim / reply / forward / reject ${ref}.`,
    page_acked: ({ ref, count }) => (count > 0 ? `${ref} acknowledged; the next level will not be paged.` : `${ref} has no page waiting (it may be acknowledged already).`),
    staff_help: () =>
      'Staff commands (ref = case number or #conversation):\nack REF — acknowledge a page\nclaim REF — take the conversation over; the reporter\'s messages come to you\nreply REF text — answer the reporter\nrelease REF — hand back to the bot\naccept REF\nreject REF BODY reason\nforward REF UNIT reason\nsendback REF reason — within 5 working days of a forward\nstart REF — work begins\nextend REF DAYS reason — once, at most 30 days\nanswer REF true|partly|basically|untrue what was done\nsupervise REF reason (supervisors)\nmerge REF INTO_REF',
    staff_done: ({ ref, action, unit }) =>
      ({ claimed: `${ref} is yours: the reporter's messages come here; answer with "reply ${ref} text", finish with "release ${ref}".`, released: `${ref} released; the bot answers again.`, replied: `Reply sent to ${ref}.`, forwarded: `${ref} forwarded to ${unit ?? ''}.`, rejected: `${ref} marked not accepted; the reporter was told.`,
        accepted: `${ref} accepted; the reporter was told.`, sent_back: `${ref} sent back${unit ? ` to ${unit}` : ''}.`, started: `${ref} is in progress.`, extended: `${ref} extended; the reporter was told why.`,
        answered: `${ref} answered; the reporter was sent the answer and asked to rate it.`, supervised: `${ref} is under supervision.`, merged: `${ref} merged${unit ? ` into ${unit}` : ''}; its reporters are told.` })[action],
    staff_refused: ({ ref, why }) =>
      `Cannot act on ${ref}: ${{ not_found: 'no such reference', other_unit: 'not a case of your unit', claimed: 'another member of staff holds it', unknown_unit: 'no such unit id', not_a_case: 'that is a conversation, not a case', not_holder: 'you do not hold this conversation',
        wrong_status: 'its status does not allow that now', not_accepted_yet: 'it is not accepted yet', already_extended: 'it was extended once already', bad_extension: 'an extension is 1 to 30 days',
        send_back_late: 'the 5-working-day send-back window has passed', same_unit: 'that unit has it already', already_rated: 'already rated', already_supervised: 'it is under supervision already', not_supervisor: 'only supervisors may do that' }[why]}.`,
    reporter_unreachable: ({ ref, reason }) => `Note: the reporter of ${ref} cannot receive messages now (the platform refused delivery: ${reason}); the message is kept as undelivered.`,
    reporter_outside_window: ({ ref, hours }) => `Note: the reporter of ${ref} last wrote more than ${hours} hours ago and is reachable only after they write again; your message is kept and delivered then.`,
    relay: ({ ref, text }) => `[Reporter ${ref}] ${text}`,
    staff_message: ({ text }) => `[Duty officer] ${text}`,
    staff_joined: () => 'A duty officer has joined and will talk with you here.',
    staff_left: () => 'The duty officer has left the conversation. Tell me here if anything new happens.',
    case_not_accepted: ({ number, reason, body }) => `Your report ${number} is not accepted. Reason: ${reason}. Please take it to ${body}. Reply "status" with any question.`,
    not_staff: () => 'That command is for registered staff only. To report a problem, just describe it.',
    choice_outdated: () => 'That button belongs to an earlier question, so it was not used. Please answer the latest question, or just type.',
    staff_only_button: () => 'Registered staff only.',
    staff_button_sent: ({ command }) => `Sent "${command}"; the result is in your private chat with the bot.`,
  },
};
