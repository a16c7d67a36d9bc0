/**
 * Sichuan's county polygons from `data/sichuan-polygons.json` (WGS-84, written by
 * `scripts/build-polygons.ts`), with two spatial indexes: polygon parts by bounding box, so a point
 * is tested against the two or three parts whose box holds it rather than 183 counties; and short
 * runs of border edges, so a distance check reads only the edges near the point instead of whole
 * borders of thousands of vertices. Loaded once, on first use.
 */
import { readFileSync } from 'node:fs';
import Flatbush from 'flatbush';
import pointInPolygon from 'point-in-polygon-hao';
import { districtByCode } from './gazetteer.js';
import { metresPerDegree, polylineDistanceSq, type Position } from './geometry.js';
import type { District } from './types.js';

/** The shape of `data/sichuan-polygons.json`. */
export interface PolygonData {
  /** Where the data came from and how it was converted. */
  source: string;
  /** One entry per county, in code order. */
  counties: CountyData[];
}

/** One county as stored. */
export interface CountyData {
  /** Current NBS code (the gazetteer's), e.g. `510104`. */
  code: string;
  /** Name as the map data gives it, for reading the file; the District's name is authoritative. */
  name: string;
  /** A point well inside the county (far from its border), `[lng, lat]`. */
  label: Position;
  /** GeoJSON MultiPolygon coordinates: polygons of `[outer, ...holes]`, closed rings, `[lng, lat]`. */
  polygons: Position[][][];
}

/** A county with its shared District. */
export interface County {
  /** The gazetteer's frozen District, so callers can compare by identity. */
  district: District;
  /** A point well inside the county, `[lng, lat]` (tests use it). */
  label: Position;
  /** MultiPolygon coordinates in WGS-84, `[lng, lat]`. */
  polygons: Position[][][];
}

/** A county border within reach of a point. */
export interface NearbyCounty {
  /** Index into `CountyIndex.counties`. */
  county: number;
  /** Distance in metres from the point to the county's nearest border edge. */
  metres: number;
}

/** The loaded counties and their lookups. */
export interface CountyIndex {
  /** Provenance line from the data file. */
  source: string;
  /** All counties, in code order. */
  counties: County[];
  /** Indices of counties whose polygons contain the point or have it on their border, ascending. */
  containing(lng: number, lat: number): number[];
  /** Counties with a border edge within `metres` of the point, nearest first (ties by index). */
  nearby(lng: number, lat: number, metres: number): NearbyCounty[];
}

const DATA_URL = new URL('./data/sichuan-polygons.json', import.meta.url);
/** Segments per indexed edge run: short enough that a 300 m query box touches few vertices, long enough to keep the index small. */
const RUN = 16;
let loaded: CountyIndex | null = null;

/** The county polygons, loaded and indexed on first call (40–90 ms measured, plus the gazetteer’s 60–120 ms if not yet loaded), then shared. */
export function countyIndex(): CountyIndex {
  loaded ??= build(JSON.parse(readFileSync(DATA_URL, 'utf8')) as PolygonData);
  return loaded;
}

function build(data: PolygonData): CountyIndex {
  const counties: County[] = data.counties.map((c) => {
    const district = districtByCode(c.code);
    // The build script checks this too; a gazetteer rebuilt without the data (or vice versa) lands here.
    if (!district) throw new Error(`sichuan-polygons.json: county ${c.code} ${c.name} is not in the gazetteer`);
    return { district, label: c.label, polygons: c.polygons };
  });

  const partPolygon: Position[][][] = [];
  const partCounty: number[] = [];
  const rings: Position[][] = [];
  const ringCounty: number[] = [];
  counties.forEach((c, ci) => {
    for (const polygon of c.polygons) {
      partPolygon.push(polygon);
      partCounty.push(ci);
      for (const ring of polygon) {
        rings.push(ring);
        ringCounty.push(ci);
      }
    }
  });

  const parts = new Flatbush(Math.max(1, partPolygon.length));
  for (const polygon of partPolygon) {
    const [minX, minY, maxX, maxY] = bounds(polygon[0]!, 0, polygon[0]!.length - 1);
    parts.add(minX, minY, maxX, maxY);
  }
  parts.finish();

  const runRing: number[] = [];
  const runFrom: number[] = [];
  for (let r = 0; r < rings.length; r++) {
    for (let from = 0; from < rings[r]!.length - 1; from += RUN) {
      runRing.push(r);
      runFrom.push(from);
    }
  }
  const runTo = (i: number): number => Math.min(runFrom[i]! + RUN, rings[runRing[i]!]!.length - 1);
  const edges = new Flatbush(Math.max(1, runRing.length));
  for (let i = 0; i < runRing.length; i++) {
    const [minX, minY, maxX, maxY] = bounds(rings[runRing[i]!]!, runFrom[i]!, runTo(i));
    edges.add(minX, minY, maxX, maxY);
  }
  edges.finish();

  const containing = (lng: number, lat: number): number[] => {
    const out: number[] = [];
    for (const p of parts.search(lng, lat, lng, lat)) {
      const c = partCounty[p]!;
      // `0` is "on an edge": a pin exactly on a shared border belongs to both, and `nearby` says so.
      if (!out.includes(c) && pointInPolygon([lng, lat], partPolygon[p]!) !== false) out.push(c);
    }
    return out.sort((a, b) => a - b);
  };

  const nearby = (lng: number, lat: number, metres: number): NearbyCounty[] => {
    const { x: kx, y: ky } = metresPerDegree(lat);
    const dx = metres / kx;
    const dy = metres / ky;
    const best = new Map<number, number>();
    for (const i of edges.search(lng - dx, lat - dy, lng + dx, lat + dy)) {
      const c = ringCounty[runRing[i]!]!;
      const d = polylineDistanceSq(lng, lat, rings[runRing[i]!]!, runFrom[i]!, runTo(i), kx, ky);
      if (d < (best.get(c) ?? Infinity)) best.set(c, d);
    }
    const out: NearbyCounty[] = [];
    const limit = metres * metres;
    for (const [county, d] of best) if (d <= limit) out.push({ county, metres: Math.sqrt(d) });
    return out.sort((a, b) => a.metres - b.metres || a.county - b.county);
  };

  return { source: data.source, counties, containing, nearby };
}

/** Bounding box `[minLng, minLat, maxLng, maxLat]` of `ring[from..to]`. */
function bounds(ring: readonly Position[], from: number, to: number): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = from; i <= to; i++) {
    const [x, y] = ring[i]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}
