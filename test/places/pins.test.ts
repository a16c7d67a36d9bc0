import { describe, it, expect } from 'vitest';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolvePin, NEAR_BORDER_METRES, type Pin, type PinResolution } from '../../src/places/pins.js';
import { countyIndex } from '../../src/places/polygons.js';
import { gcj02ToWgs84, metresPerDegree, wgs84ToGcj02 } from '../../src/places/geometry.js';
import { districtByCode, gazetteer } from '../../src/places/gazetteer.js';


const TIANFU_SQUARE = { lat: 30.6573, lng: 104.0659 };

/** `name` or `name [near, near]`, or the status: one string, so a failure shows the whole answer. */
function show(r: PinResolution): string {
  if (r.status !== 'inside') return r.status;
  return r.nearBorder.length ? `${r.district.name} [${r.nearBorder.map((d) => d.name).join(', ')}]` : r.district.name;
}

const wgs = (lat: number, lng: number): Pin => ({ lat, lng, datum: 'wgs84' });

describe('polygon data', () => {
  it('is a compact file', () => {
    expect(statSync(resolve('src/places/data/sichuan-polygons.json')).size).toBeLessThan(2.5 * 1024 * 1024);
  });

  it('has one polygon set per Sichuan county of the gazetteer, sharing its District objects', () => {
    const counties = countyIndex().counties;
    const gazetteerCodes = gazetteer()
      .counties.map((c) => c.district.code)
      .filter((c) => c.startsWith('51'));
    expect(counties.map((c) => c.district.code)).toEqual(gazetteerCodes);
    for (const c of counties) expect(c.district).toBe(districtByCode(c.district.code));
    expect(countyIndex()).toBe(countyIndex());
  });

  it('files 会理 under its current code 513402, not the map data’s 513425', () => {
    const huili = countyIndex().counties.find((c) => c.district.name === '会理市');
    expect(huili?.district.code).toBe('513402');
    expect(show(resolvePin(wgs(huili!.label[1], huili!.label[0])))).toBe('会理市');
  });
});

describe('resolvePin', () => {
  it('puts Tianfu Square in 锦江区, with 青羊区 across the nearby border', () => {
    expect(show(resolvePin(wgs(TIANFU_SQUARE.lat, TIANFU_SQUARE.lng)))).toBe('锦江区 [青羊区]');
  });

  it('converts GCJ-02 pins: the same landmark picked on a Chinese map gives the same answer', () => {
    const [lng, lat] = wgs84ToGcj02(TIANFU_SQUARE.lng, TIANFU_SQUARE.lat);
    expect(show(resolvePin({ lat, lng, datum: 'gcj02' }))).toBe('锦江区 [青羊区]');
  });

  it('gives a different county when WGS-84 coordinates are mislabelled GCJ-02: the datum matters', () => {
    const { lat, lng } = TIANFU_SQUARE;
    expect(show(resolvePin({ lat, lng, datum: 'gcj02' }))).toBe('青羊区 [锦江区]');
    // Read as GCJ-02 the point moves by the GCJ-02 offset, several hundred metres here.
    const [x, y] = gcj02ToWgs84(lng, lat);
    const k = metresPerDegree(lat);
    const shift = Math.hypot((x - lng) * k.x, (y - lat) * k.y);
    expect(shift).toBeGreaterThan(300);
    expect(shift).toBeLessThan(700);
  });

  it.each([
    ['郫都区', 30.81, 103.89],
    ['都江堰市', 31.0, 103.63],
    ['简阳市', 30.4, 104.55],
    ['双流区', 30.57, 103.92],
    ['旌阳区', 31.13, 104.4],
  ])('puts a point deep inside %s there, with no border nearby', (name, lat, lng) => {
    const r = resolvePin(wgs(lat, lng));
    expect(show(r)).toBe(name);
    expect(r.status === 'inside' && r.district.code.slice(0, 2)).toBe('51');
  });

  it('says outside for Beijing and for Chongqing', () => {
    expect(resolvePin(wgs(39.9, 116.4))).toEqual({ status: 'outside' });
    expect(resolvePin(wgs(29.56, 106.55))).toEqual({ status: 'outside' });
  });

  it.each([
    ['null island', 0, 0],
    ['NaN latitude', NaN, 104],
    ['NaN longitude', 30, NaN],
    ['infinite longitude', 30, Infinity],
    ['latitude 91', 91, 0],
    ['longitude 181', 0, 181],
    ['latitude -90.5', -90.5, 104],
  ])('says invalid for %s', (_, lat, lng) => {
    expect(resolvePin(wgs(lat, lng))).toEqual({ status: 'invalid' });
    expect(resolvePin({ lat, lng, datum: 'gcj02' })).toEqual({ status: 'invalid' });
  });

  it('accepts the extremes of the globe, and refuses an unknown datum', () => {
    expect(resolvePin(wgs(90, 180))).toEqual({ status: 'outside' });
    expect(resolvePin(wgs(-90, -180))).toEqual({ status: 'outside' });
    expect(resolvePin({ ...TIANFU_SQUARE, datum: 'bd09' } as unknown as Pin)).toEqual({ status: 'invalid' });
  });

  it('resolves every county’s interior point to that county, with no border nearby', () => {
    const counties = countyIndex().counties;
    expect(counties).toHaveLength(183);
    const wrong: string[] = [];
    for (const c of counties) {
      const r = resolvePin(wgs(c.label[1], c.label[0]));
      if (r.status !== 'inside' || r.district !== c.district || r.nearBorder.length) wrong.push(`${c.district.name}: ${show(r)}`);
    }
    expect(wrong).toEqual([]);
  });

  // The data's prefecture files do not share border vertices, so their borders overlap or leave
  // slivers up to ~100 m wide; these points are such places, found in the current data.
  it('puts a pin in a sliver between two counties into the nearer one, naming the other', () => {
    const [lat, lng] = [30.9748, 103.5112];
    expect(countyIndex().containing(lng, lat)).toEqual([]);
    expect(show(resolvePin(wgs(lat, lng)))).toBe('都江堰市 [汶川县]');
  });

  it.each([
    // Deeper one first in code order, then last: the rule is depth, not order.
    ['石棉县 [九龙县]', 29.176346, 102.060407],
    ['木里藏族自治县 [稻城县]', 28.702463, 100.470757],
  ])('puts a pin where two counties overlap into the one it is deeper inside: %s', (expected, lat, lng) => {
    expect(countyIndex().containing(lng, lat)).toHaveLength(2);
    expect(show(resolvePin(wgs(lat, lng)))).toBe(expected);
  });

  it(`snaps a pin just outside Sichuan to the county within ${NEAR_BORDER_METRES} m, and not one farther out`, () => {
    // West of Chongqing along 29.56 N the first Sichuan county is 东兴区 (内江): ~235 m, then ~714 m away.
    expect(countyIndex().containing(105.294, 29.56)).toEqual([]);
    expect(show(resolvePin(wgs(29.56, 105.294)))).toBe('东兴区');
    expect(resolvePin(wgs(29.56, 105.299))).toEqual({ status: 'outside' });
  });
});
