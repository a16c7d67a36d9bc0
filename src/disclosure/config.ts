import { z } from 'zod';
import { ConfigFileError, loadYamlFile } from '../config-files/yaml.js';
import { gazetteer } from '../places/gazetteer.js';
import type { DigestScope } from '../reports/digest.js';
import type { Schedule } from '../reports/period.js';
import { isCalendarDate } from '../routing/calendar.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM, e.g. "09:00"');

const fileSchema = z
  .object({
    province: z.string().min(2),
    cities: z.array(z.string().min(2)).min(1),
    city_digest: z.object({
      every_days: z.number().int().min(1).max(31),
      epoch: z.string().refine(isCalendarDate, 'a date YYYY-MM-DD on which a period starts'),
      at: time,
    }).strict(),
    province_digest: z.object({ weekdays: z.array(z.enum(WEEKDAYS)).min(1).max(7), at: time }).strict(),
    telegram_chat: z
      .string()
      .regex(/^(@[A-Za-z][A-Za-z0-9_]{4,31}|-\d{5,20})$/, 'a channel @name or a chat id -100…')
      .nullable()
      .default(null),
  })
  .strict();

/** Which digests are published, when, and where they are announced (config/digests.yaml). */
export interface DigestConfig {
  province: DigestScope;
  cities: DigestScope[];
  citySchedule: Schedule;
  provinceSchedule: Schedule;
  /** The Telegram channel or group the file names for announcements, or null. */
  telegramChat: string | null;
}

const title = (key: string): string => (key ? key[0]!.toUpperCase() + key.slice(1) : key);
const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/**
 * Loads `config/digests.yaml`: the schema, then what a schema cannot say — the province and every
 * city exist in the gazetteer, each city lies in the province, none twice — every problem with
 * its file and line.
 */
export function loadDigestConfig(file: string): DigestConfig {
  const { value: v, where } = loadYamlFile(file, fileSchema);
  const g = gazetteer();
  const problems: string[] = [];
  const province = g.provinces.find((p) => p.name === v.province);
  if (!province) problems.push(`${where(['province'])}: province: unknown province "${v.province}"`);
  const cities: DigestScope[] = [];
  v.cities.forEach((name, i) => {
    const at = `${where(['cities', i])}: cities.${i}`;
    const city = g.cities.find((c) => c.name === name);
    if (!city) problems.push(`${at}: unknown city "${name}"`);
    else if (province && city.code.slice(0, 2) !== province.code) problems.push(`${at}: ${name} is not in ${v.province}`);
    else if (cities.some((c) => c.name === name)) problems.push(`${at}: "${name}" is listed twice`);
    else cities.push({ kind: 'city', name, name_en: title(city.key) || name, slug: `${city.code}-${city.key || 'city'}` });
  });
  if (problems.length > 0 || !province) throw new ConfigFileError(problems);
  return {
    province: { kind: 'province', name: province.name, name_en: title(province.key) || province.name, slug: `${province.code}-${province.key || 'province'}` },
    cities,
    citySchedule: { cadence: { kind: 'every', days: v.city_digest.every_days, epoch: v.city_digest.epoch }, minute: minuteOf(v.city_digest.at) },
    provinceSchedule: { cadence: { kind: 'weekdays', days: [...new Set(v.province_digest.weekdays.map((d) => WEEKDAYS.indexOf(d)))] }, minute: minuteOf(v.province_digest.at) },
    telegramChat: v.telegram_chat,
  };
}
