/**
 * A location pin → the Sichuan county it falls in, and the neighbours close enough that the
 * reporter should confirm. The county polygons are good to ±100–200 m and a phone's fix is rarely
 * better than tens of metres, so a pin near a border is a question, not an answer.
 */
import { gcj02ToWgs84 } from './geometry.js';
import { countyIndex } from './polygons.js';
import type { District } from './types.js';

/** A location pin as a chat platform sends it. */
export interface Pin {
  /** Latitude in degrees. */
  lat: number;
  /** Longitude in degrees. */
  lng: number;
  /** `gcj02` for WeChat (and other Chinese map) picks; `wgs84` for Telegram, browsers and raw GPS. */
  datum: 'wgs84' | 'gcj02';
}

/**
 * What a pin resolved to. `inside`: the county, plus the other counties whose border is within
 * `NEAR_BORDER_METRES` (nearest first; empty when none). `outside`: in no Sichuan county and near
 * none. `invalid`: not a usable position.
 */
export type PinResolution =
  | { status: 'inside'; district: District; nearBorder: District[] }
  | { status: 'outside' }
  | { status: 'invalid' };

/** How close another county's border must be to make the answer uncertain: data error plus GPS error, rounded up. */
export const NEAR_BORDER_METRES = 300;

/**
 * Resolves a pin to a Sichuan county. A pin in no polygon but within `NEAR_BORDER_METRES` of one
 * (a sliver between prefectures' data, or just over the provincial border) is put in the nearest
 * county, since the data cannot tell it apart from a pin just inside. Where polygons overlap, the
 * county the pin is deepest inside wins and the others are listed in `nearBorder`.
 */
export function resolvePin(pin: Pin): PinResolution {
  const { lat, lng, datum } = pin;
  if (!isValid(lat, lng) || (datum !== 'wgs84' && datum !== 'gcj02')) return { status: 'invalid' };
  // The polygons are WGS-84; a GCJ-02 pick read as WGS-84 is off by 170–580 m across Sichuan (~360 m in Chengdu).
  const [x, y] = datum === 'gcj02' ? gcj02ToWgs84(lng, lat) : [lng, lat];

  const index = countyIndex();
  const near = index.nearby(x, y, NEAR_BORDER_METRES);
  const within = index.containing(x, y);
  let home: number;
  if (within.length === 0) {
    if (near.length === 0) return { status: 'outside' };
    home = near[0]!.county;
  } else {
    // Deepest = farthest from its own border; a county not in `near` is more than 300 m deep.
    const depth = (c: number): number => near.find((n) => n.county === c)?.metres ?? Infinity;
    home = within.reduce((a, b) => (depth(b) > depth(a) ? b : a));
  }
  const others = near.map((n) => n.county).filter((c) => c !== home);
  for (const c of within) if (c !== home && !others.includes(c)) others.push(c);
  return {
    status: 'inside',
    district: index.counties[home]!.district,
    nearBorder: others.map((c) => index.counties[c]!.district),
  };
}

/** Finite, on the globe, and not (0, 0): "null island" is what a GPS without a fix reports. */
function isValid(lat: number, lng: number): boolean {
  if (typeof lat !== 'number' || typeof lng !== 'number') return false;
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return false;
  if (lat < -90 || lat > 90 || lng < -180 || lng > 180) return false;
  return !(lat === 0 && lng === 0);
}
