/** A span of the input text that a fact was read from. */
export interface Span {
  /** What kind of fact the span supports, e.g. `district`, `category:air`, `night`. */
  kind: string;
  /** The text itself. */
  text: string;
  /** Start offset (UTF-16 code units) in the input. */
  start: number;
  /** End offset, exclusive. */
  end: number;
}

/** A county-level division (区/县/县级市), with the names of its city and province. */
export interface District {
  /** Six-digit NBS code, e.g. `510117`. */
  code: string;
  /** Current official name, e.g. `郫都区`. */
  name: string;
  /** Prefecture-level city name, e.g. `成都市`. */
  city: string;
  /** Province name, e.g. `四川省`. */
  province: string;
}

/** A town-level division (镇/乡/街道). */
export interface Town {
  /** Nine-digit NBS code. */
  code: string;
  /** Official name, e.g. `犀浦街道`. */
  name: string;
  /** The county it legally belongs to. */
  district: District;
}

/**
 * What the places module made of a text: a district when it is sure, candidates when it is not.
 * `district` and a non-empty `ambiguous` never occur together.
 */
export interface PlaceResolution {
  /** The county-level district, when the text names or implies exactly one. */
  district: District | null;
  /** The town or street, when named and unique. */
  town: Town | null;
  /** A functional zone (成都高新区, 天府新区, 成都东部新区), when named. */
  zone: string | null;
  /** Candidate districts when the text names a place that exists in several, or a short name to confirm. */
  ambiguous: District[];
  /** The place words as the reporter wrote them (for the case's address text), or null. */
  mention: string | null;
  /** A place-like name (ending in 镇/乡/街道/区/县) that is in no gazetteer, to tell the reporter. */
  unknown: string | null;
  /** 0..1: how sure the resolver is of `district`. */
  confidence: number;
  /** The spans used. */
  spans: Span[];
  /**
   * The prefecture city the text names or implies (the district's city, the zone's city, the one
   * city all candidates share, or the one city named), e.g. `成都市`; null when none. Optional only
   * so older literals still compile; `resolvePlace` always sets it.
   */
  city?: string | null;
}

/** Context that narrows a place lookup, e.g. the city a conversation already established. */
export interface PlaceContext {
  /** A city name already known for this report, e.g. `成都市`. */
  city?: string | null;
  /** Candidates offered in a previous question; an answer naming one of them picks it. */
  candidates?: District[];
}
