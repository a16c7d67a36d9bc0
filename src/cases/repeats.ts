import { z } from 'zod';
import { loadYamlFile } from '../config-files/yaml.js';
import { gcj02ToWgs84, metresPerDegree } from '../places/geometry.js';
import { CATEGORIES, type Category } from './categories.js';

/** When a new report is the same problem as an open case, and when repeats raise supervision. */
export interface RepeatPolicy {
  /** Only cases registered this many days back or fewer are offered to join. */
  windowDays: number;
  /** How far apart two pins may be for the same problem, by category: smells and noise carry. */
  radiusMetres: Record<Category, number>;
  /** Reporters plus repeat reports on one case at which it is put under supervision (挂牌督办). */
  superviseAt: number;
}

/** Where and what a report is about, as duplicate detection compares them. */
export interface ProblemSite {
  categories: readonly Category[];
  districtCode: string | null;
  town: string | null;
  target: string | null;
  pin: { lat: number; lng: number; datum: string } | null;
}

/** An open case that may be the same problem, with when it was registered. */
export interface OpenCaseSite extends ProblemSite {
  registeredAt: Date;
}

const radius = z.number().int().min(0).max(20_000);
const fileSchema = z
  .object({
    window_days: z.number().int().min(1).max(90),
    radius_metres: z.object(Object.fromEntries(CATEGORIES.map((c) => [c, radius])) as Record<Category, typeof radius>).strict(),
    supervise_at: z.number().int().min(2).max(1000),
  })
  .strict();

/** Loads `config/repeats.yaml`; throws ConfigFileError with file and line. */
export function loadRepeatPolicy(file: string): RepeatPolicy {
  const v = loadYamlFile(file, fileSchema).value;
  return { windowDays: v.window_days, radiusMetres: v.radius_metres, superviseAt: v.supervise_at };
}

/** A pin in WGS-84 longitude/latitude, whatever datum the platform sent. */
function wgs84(p: NonNullable<ProblemSite['pin']>): [number, number] {
  return p.datum === 'gcj02' ? gcj02ToWgs84(p.lng, p.lat) : [p.lng, p.lat];
}

/** Metres between two pins (flat-earth at this scale: errors far below the radii). */
export function pinDistance(a: NonNullable<ProblemSite['pin']>, b: NonNullable<ProblemSite['pin']>): number {
  const [ax, ay] = wgs84(a);
  const [bx, by] = wgs84(b);
  const m = metresPerDegree((ay + by) / 2);
  return Math.hypot((ax - bx) * m.x, (ay - by) * m.y);
}

/** Stored pins are in the datum they came in; GCJ-02 is at most this far from WGS-84 in China. */
const DATUM_GAP_METRES = 700;

/** A latitude/longitude box, inclusive. */
export interface PinBox {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

/**
 * The box around a report's pin that holds every pin {@link sameProblem} could match for these
 * categories, in either datum: the widest radius plus the datums' gap. The database narrows by it;
 * the distance itself is still decided by `pinDistance`.
 */
export function pinSearchBox(pin: NonNullable<ProblemSite['pin']>, categories: readonly Category[], policy: RepeatPolicy): PinBox {
  const reach = Math.max(0, ...categories.map((c) => policy.radiusMetres[c])) + DATUM_GAP_METRES;
  const m = metresPerDegree(pin.lat);
  const [dLat, dLng] = [reach / m.y, reach / m.x];
  return { minLat: pin.lat - dLat, maxLat: pin.lat + dLat, minLng: pin.lng - dLng, maxLng: pin.lng + dLng };
}

/** A reported unit's name without spaces and punctuation, for comparing what two people called it. */
function targetKey(t: string | null): string | null {
  const k = t?.replace(/[\s\p{P}\p{S}]/gu, '') ?? '';
  return k.length >= 2 ? k : null;
}

/**
 * Whether an open case is the same problem as a new report: a shared category, registered within
 * the window, and either pins within the widest radius of the shared categories, or (without two
 * pins) the same county and the same reported unit — or, when either names no unit, the same town.
 */
export function sameProblem(report: ProblemSite, open: OpenCaseSite, policy: RepeatPolicy, now: Date): boolean {
  const shared = report.categories.filter((c) => open.categories.includes(c));
  if (shared.length === 0) return false;
  if (now.getTime() - open.registeredAt.getTime() > policy.windowDays * 86_400_000) return false;
  if (report.pin && open.pin) return pinDistance(report.pin, open.pin) <= Math.max(...shared.map((c) => policy.radiusMetres[c]));
  if (!report.districtCode || report.districtCode !== open.districtCode) return false;
  const [a, b] = [targetKey(report.target), targetKey(open.target)];
  // Two named sources decide it: two different factories in one town are two problems.
  if (a && b) return a.includes(b) || b.includes(a);
  return report.town !== null && report.town === open.town;
}

/** Whether a case with this many distinct reporters and repeat reports is due for supervision. */
export function repeatsCallForSupervision(reporters: number, repeats: number, policy: RepeatPolicy): boolean {
  return reporters + repeats >= policy.superviseAt;
}
