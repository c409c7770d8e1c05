import type { Migration } from 'kysely';
import * as m001 from './001-initial';
import * as m002 from './002-interview-day';
import * as m003 from './003-signed-marks';
import * as m004 from './004-checkpoints';
import * as m005 from './005-mark-versions';
import * as m006 from './006-selections';
import * as m007 from './007-reviews';
import * as m008 from './008-session-selection';
import * as m009 from './009-post-outcomes';
import * as m010 from './010-day-selection';
import * as m011 from './011-marking-recusals';
import * as m012 from './012-seat-draws';
import * as m013 from './013-interview-recusals';
import * as m014 from './014-evaluations';
import * as m015 from './015-evaluation-close';
import * as m016 from './016-ranking-rules';
import * as m017 from './017-appointment-decisions';
import * as m018 from './018-notices';
import * as m019 from './019-postgres-ballot-box';
import * as m020 from './020-processes';
import * as m021 from './021-kiosk-bindings';
import * as m022 from './022-rate-hits';
import * as m023 from './023-incidents-by-seat';

/** Every migration, in order. Append; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-interview-day': m002,
  '003-signed-marks': m003,
  '004-checkpoints': m004,
  '005-mark-versions': m005,
  '006-selections': m006,
  '007-reviews': m007,
  '008-session-selection': m008,
  '009-post-outcomes': m009,
  '010-day-selection': m010,
  '011-marking-recusals': m011,
  '012-seat-draws': m012,
  '013-interview-recusals': m013,
  '014-evaluations': m014,
  '015-evaluation-close': m015,
  '016-ranking-rules': m016,
  '017-appointment-decisions': m017,
  '018-notices': m018,
  '019-postgres-ballot-box': m019,
  '020-processes': m020,
  '021-kiosk-bindings': m021,
  '022-rate-hits': m022,
  '023-incidents-by-seat': m023,
};
