/**
 * Date-times as the spec writes them (W3C ISO 8601 with an offset), on the wall clock of the
 * service's time zone: `2026-11-27T22:05:00+08:00`. Local times read better for the people the
 * API serves than UTC, and the offset keeps them exact.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** An instant on the wall clock of `timeZone`, with that zone's offset at the instant. */
export function isoLocal(at: Date, timeZone: string): string {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(at).map((x) => [x.type, x.value]));
  // `GMT+08:00`, or a bare `GMT` for UTC itself.
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : (p.timeZoneName ?? 'GMT+00:00').slice(3);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

/** The last second of a local day (`YYYY-MM-DD`): a deadline "by the 16th" is met until then. */
export function endOfLocalDay(date: string, timeZone: string): string {
  // The zone's offset at noon of that day: a day's end is never near a daylight-saving change in the zones served.
  const noon = isoLocal(new Date(`${date}T12:00:00Z`), timeZone);
  return `${date}T23:59:59${noon.slice(19)}`;
}
