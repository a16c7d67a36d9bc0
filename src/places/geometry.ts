/**
 * Coordinates: GCJ-02 → WGS-84, and distances in metres on lng/lat rings. Distances use a local
 * equirectangular projection centred on the query point: within a few kilometres of it (all a
 * 300 m border check looks at) the error is far below the ±100–200 m of the polygon data, and it
 * needs no trigonometry per vertex.
 */
import gcoordModule from 'gcoord';

/** A position as `[lng, lat]` in degrees, GeoJSON order. */
export type Position = [number, number];

// gcoord is CommonJS (`module.exports = {transform, …}`) but its types declare an ES default
// export, so under NodeNext the types see `.default` while Node hands over the object itself.
const gcoord = ('transform' in gcoordModule ? gcoordModule : gcoordModule.default) as typeof gcoordModule.default;

/**
 * A GCJ-02 position (Chinese maps, WeChat) as WGS-84, to about 0.1 m (gcoord iterates the
 * inverse). Outside China's box GCJ-02 equals WGS-84 and the position comes back unchanged.
 */
export function gcj02ToWgs84(lng: number, lat: number): Position {
  return gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84) as Position;
}

/** A WGS-84 position as a Chinese map (and WeChat) would give it: what a test needs to play WeChat. */
export function wgs84ToGcj02(lng: number, lat: number): Position {
  return gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as Position;
}

/** Metres per degree of latitude on a sphere of the mean Earth radius (6,371,008.8 m). */
export const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;

/** Metres per degree of longitude and of latitude at latitude `lat`. */
export function metresPerDegree(lat: number): { x: number; y: number } {
  return { x: METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180), y: METRES_PER_DEGREE };
}

/**
 * Squared distance in metres² from `(lng, lat)` to the polyline `ring[from..to]` (vertex indices,
 * inclusive), with `kx`/`ky` from `metresPerDegree(lat)`. Squared so callers compare without a
 * square root per segment; a ring's slice lets an index hand over only the nearby part of a long border.
 */
export function polylineDistanceSq(
  lng: number,
  lat: number,
  ring: readonly Position[],
  from: number,
  to: number,
  kx: number,
  ky: number,
): number {
  let best = Infinity;
  const a = ring[from]!;
  let ax = (a[0] - lng) * kx;
  let ay = (a[1] - lat) * ky;
  if (from === to) return ax * ax + ay * ay;
  for (let i = from + 1; i <= to; i++) {
    const b = ring[i]!;
    const bx = (b[0] - lng) * kx;
    const by = (b[1] - lat) * ky;
    const d = segmentDistanceSq(ax, ay, bx, by);
    if (d < best) best = d;
    ax = bx;
    ay = by;
  }
  return best;
}

/** Squared distance from the origin to the segment (ax, ay)–(bx, by). */
function segmentDistanceSq(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  // Projection of the origin onto the segment, clamped to its ends (degenerate segments: t = 0).
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len));
  const x = ax + t * dx;
  const y = ay + t * dy;
  return x * x + y * y;
}

/** Distance in metres from `(lng, lat)` to the nearest edge of any ring of `polygon`. */
export function polygonEdgeDistance(lng: number, lat: number, polygon: readonly (readonly Position[])[]): number {
  const { x: kx, y: ky } = metresPerDegree(lat);
  let best = Infinity;
  for (const ring of polygon) best = Math.min(best, polylineDistanceSq(lng, lat, ring, 0, ring.length - 1, kx, ky));
  return Math.sqrt(best);
}
