/**
 * Speed of understanding without a model: the gazetteer's and the county polygons' cold load,
 * place resolution of 10,000 generated addresses and of 10,000 pins, and the whole rules
 * extractor on typical and on 20,000-character texts.
 *
 *   npx tsx bench/places.ts       (also the first half of `npm run bench`)
 */
import { gazetteer } from '../src/places/gazetteer.js';
import { resolvePin } from '../src/places/pins.js';
import { countyIndex } from '../src/places/polygons.js';
import { resolvePlace } from '../src/places/resolve.js';
import { extractFacts } from '../src/understanding/rules/extract.js';

const t0 = performance.now();
const g = gazetteer();
const loadMs = performance.now() - t0;

// One address per county in turn, with a town and a street, as legacy case records read.
const addresses = Array.from({ length: 10_000 }, (_, i) => {
  const c = g.counties[(i * 7919) % g.counties.length]!;
  const town = c.towns[i % Math.max(1, c.towns.length)];
  const d = c.district;
  return `${d.city === d.province ? '' : d.city}${d.name}${town === undefined ? '' : g.townName[town]}人民路${i}号`;
});
const t1 = performance.now();
for (const a of addresses) resolvePlace(a);
const perAddressMs = (performance.now() - t1) / addresses.length;

const typical = ['郫都区犀浦街道有家塑料厂每天晚上十点以后排黑烟', '温江区万春镇的养猪场把粪水直接排进江安河', '没有', '1', "There's a factory near Wenjiang District in Chengdu"];
const t2 = performance.now();
const rounds = 2_000;
for (let i = 0; i < rounds; i++) for (const t of typical) extractFacts(t);
const perMessageMs = (performance.now() - t2) / (rounds * typical.length);

const long = '郫都区犀浦街道有家塑料厂每天晚上十点以后排黑烟，味道很刺鼻。'.repeat(700).slice(0, 20_000);
const t3 = performance.now();
for (let i = 0; i < 20; i++) extractFacts(long);
const longMs = (performance.now() - t3) / 20;

const t4 = performance.now();
countyIndex();
const polygonLoadMs = performance.now() - t4;
// Pins spread over Sichuan's bounding box (about half fall inside the province), fixed seed.
let seed = 42;
const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pins = Array.from({ length: 10_000 }, () => ({ lat: 26 + random() * 8.4, lng: 97.3 + random() * 11, datum: random() < 0.5 ? ('wgs84' as const) : ('gcj02' as const) }));
const t5 = performance.now();
for (const p of pins) resolvePin(p);
const perPinMs = (performance.now() - t5) / pins.length;

console.log(`gazetteer cold load: ${loadMs.toFixed(0)} ms (${g.counties.length} counties, ${g.townName.length} towns)`);
console.log(`place resolution: ${(perAddressMs * 1000).toFixed(0)} µs per address over ${addresses.length} addresses`);
console.log(`county polygons (Sichuan) load and index: ${polygonLoadMs.toFixed(0)} ms; pin → county: ${(perPinMs * 1000).toFixed(1)} µs per pin over ${pins.length} pins (half of them GCJ-02)`);
console.log(`rules extractor: ${(perMessageMs * 1000).toFixed(0)} µs per typical message; ${longMs.toFixed(1)} ms per 20,000-character text`);
