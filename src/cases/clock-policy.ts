import { z } from 'zod';
import { loadYamlFile } from '../config-files/yaml.js';
import { STATUTORY_CLOCKS, type ClockPolicy } from './clocks.js';

/** A period that may be shortened by local rule but never made longer than the law's. */
const atMost = (max: number) => z.number().int().min(1).max(max, `may not be longer than the statutory ${max}`);

const fileSchema = z
  .object({
    accept_days: atMost(STATUTORY_CLOCKS.acceptDays),
    accept_target_working_days: z.number().int().min(1).max(STATUTORY_CLOCKS.acceptDays).nullable(),
    answer_days: atMost(STATUTORY_CLOCKS.answerDays),
    max_extension_days: atMost(STATUTORY_CLOCKS.maxExtensionDays),
    send_back_working_days: atMost(STATUTORY_CLOCKS.sendBackWorkingDays),
    // The reporter's review window is theirs: a local rule may not shorten it.
    review_days: z.literal(STATUTORY_CLOCKS.reviewDays, { message: `must be the statutory ${STATUTORY_CLOCKS.reviewDays}` }),
    remind_at: z.array(z.number().gt(0).lt(1)).max(5).default([]),
    rating_reminder_days: z.number().int().min(1).max(15).default(STATUTORY_CLOCKS.ratingReminderDays),
  })
  .strict();

/** Loads `config/clocks.yaml`; throws ConfigFileError with file and line. */
export function loadClockPolicy(file: string): ClockPolicy {
  const v = loadYamlFile(file, fileSchema).value;
  return {
    acceptDays: v.accept_days,
    acceptTargetWorkingDays: v.accept_target_working_days,
    answerDays: v.answer_days,
    maxExtensionDays: v.max_extension_days,
    sendBackWorkingDays: v.send_back_working_days,
    reviewDays: v.review_days,
    remindAt: v.remind_at,
    ratingReminderDays: v.rating_reminder_days,
  };
}
