import { describe, expect, it } from 'vitest';
import { loadClockPolicy } from '../../src/cases/clock-policy.js';
import { configProblems, fixtureFiles } from '../helpers/config.js';

const file = fixtureFiles('clocks');
const VALID = 'accept_days: 15\naccept_target_working_days: 2\nanswer_days: 60\nmax_extension_days: 30\nsend_back_working_days: 5\nreview_days: 30\nremind_at: [0.5, 0.8]\n';

describe('the clock policy file', () => {
  it('loads the shipped file', () => {
    expect(loadClockPolicy('config/clocks.yaml')).toEqual({ acceptDays: 15, acceptTargetWorkingDays: 2, answerDays: 60, maxExtensionDays: 30, sendBackWorkingDays: 5, reviewDays: 30, remindAt: [0.5, 0.8], ratingReminderDays: 7 });
  });

  it('allows shorter local periods and no local target', () => {
    const p = loadClockPolicy(file('short.yaml', VALID.replace('answer_days: 60', 'answer_days: 30').replace('accept_target_working_days: 2', 'accept_target_working_days: ~')));
    expect(p).toMatchObject({ answerDays: 30, acceptTargetWorkingDays: null });
  });

  it('refuses a period longer than the law allows, a shortened review window and a bad reminder, with the line', () => {
    const problems = configProblems(() =>
      loadClockPolicy(file('long.yaml', VALID.replace('answer_days: 60', 'answer_days: 90').replace('review_days: 30', 'review_days: 10').replace('[0.5, 0.8]', '[0.5, 1.2]'))),
    );
    expect(problems.join('\n')).toMatch(/answer_days.*statutory 60/);
    expect(problems.join('\n')).toMatch(/review_days.*statutory 30/);
    expect(problems.join('\n')).toMatch(/remind_at/);
    expect(problems.some((p) => /:3: answer_days/.test(p))).toBe(true);
  });

  it('refuses an unknown key', () => {
    expect(configProblems(() => loadClockPolicy(file('extra.yaml', `${VALID}answer_in_hours: 3\n`))).join('\n')).toMatch(/answer_in_hours/);
  });
});
