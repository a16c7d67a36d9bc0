import { z } from 'zod';
import { loadYamlFile } from '../config-files/yaml.js';

/** How many months after a case finishes each kind of personal data is kept (config/retention.yaml). */
export interface RetentionPolicy {
  contactMonths: number;
  evidenceMonths: number;
  transcriptMonths: number;
}

// Ten years at most: a longer retention is no retention, and a typo (120 for 12) is caught by eye.
const months = z.number().int().min(1).max(120);
const fileSchema = z.object({ contact_months: months, evidence_months: months, transcript_months: months }).strict();

/** Loads `config/retention.yaml`; throws ConfigFileError with file and line. */
export function loadRetentionPolicy(file: string): RetentionPolicy {
  const v = loadYamlFile(file, fileSchema).value;
  return { contactMonths: v.contact_months, evidenceMonths: v.evidence_months, transcriptMonths: v.transcript_months };
}

/** `now` minus whole calendar months (UTC), clamped to the month's end: 31 March − 1 month is 28/29 February. */
export function monthsBefore(now: Date, n: number): Date {
  const d = new Date(now);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - n);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

