import type { Migration } from 'kysely';
import * as m001 from './001_intake.js';
import * as m002 from './002_routing.js';
import * as m003 from './003_staff_pages.js';
import * as m004 from './004_handover.js';
import * as m005 from './005_reachability.js';
import * as m006 from './006_channels.js';
import * as m007 from './007_delivery.js';
import * as m008 from './008_lifecycle.js';
import * as m009 from './009_api_tokens.js';
import * as m010 from './010_console_auth.js';
import * as m011 from './011_digests.js';
import * as m012 from './012_open311.js';
import * as m013 from './013_llm_calls.js';
import * as m014 from './014_scale_indexes.js';
import * as m015 from './015_case_summaries.js';
import * as m016 from './016_unfinished_messages.js';
import * as m018 from './018_closed_events_index.js';
import * as m019 from './019_retention.js';

/** Every migration, by name; names sort in the order they run. Add new ones here. */
export const MIGRATIONS: Record<string, Migration> = {
  '001_intake': m001,
  '002_routing': m002,
  '003_staff_pages': m003,
  '004_handover': m004,
  '005_reachability': m005,
  '006_channels': m006,
  '007_delivery': m007,
  '008_lifecycle': m008,
  '009_api_tokens': m009,
  '010_console_auth': m010,
  '011_digests': m011,
  '012_open311': m012,
  '013_llm_calls': m013,
  '014_scale_indexes': m014,
  '015_case_summaries': m015,
  '016_unfinished_messages': m016,
  '018_closed_events_index': m018,
  '019_retention': m019,
};
