const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYYMMDD) of `at` in `timeZone`; case numbers count per local day. */
export function localDay(at: Date, timeZone: string): string {
  // Building a formatter costs far more than using one: keep one per zone.
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = f.formatToParts(at);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}`;
}

/** `HY-20261127-0042`: the day it was registered and a serial, readable over the phone and sortable. */
export function formatCaseNumber(day: string, n: number): string {
  return `HY-${day}-${String(n).padStart(4, '0')}`;
}

/**
 * A case number anywhere in a text, any case; the serial has at least four digits and grows past
 * them. Groups: the day, the serial.
 */
export const CASE_NUMBER_PATTERN = /(?<![A-Za-z0-9])HY-(\d{8})-(\d{4,})(?!\d)/i;
