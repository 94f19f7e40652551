/**
 * How the PostgreSQL store reads a `timestamptz` as an ISO 8601 instant: times written in UTC
 * are rewritten in place, any other is parsed; both give what parsing gives.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import pg from 'pg';
import { isoInstant } from '../../../src/service/clock.js';
import { isoOfTimestamptz } from '../../../demo/server/store/postgres/sql.js';

const parsed = (text: string) => isoInstant((pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date)(text).getTime());

/** `at` (milliseconds since 1970) and `micros` more, as PostgreSQL's ISO style writes it at the offset `offsetMinutes`: trailing zeros of the fraction dropped. */
function written(at: number, micros: number, offsetMinutes: number): string {
  const local = new Date(at + offsetMinutes * 60_000).toISOString();
  const fraction = `${local.slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = Math.abs(offsetMinutes) % 60;
  return `${local.slice(0, 10)} ${local.slice(11, 19)}${fraction === '' ? '' : `.${fraction}`}${sign}${hours}${minutes === 0 ? '' : `:${String(minutes).padStart(2, '0')}`}`;
}

describe('timestamptz as ISO instants', () => {
  test('written in UTC or at another offset, from year 1 to 9999: what parsing gives, in whole milliseconds rounded down', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1, 0, 2), max: Date.UTC(9999, 11, 30) }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom(0, 0, 60, -300, 330, 345),
        (at, micros, offset) => {
          const text = written(at, micros, offset);
          assert.equal(isoOfTimestamptz(text), parsed(text), text);
          if (offset === 0) assert.equal(isoOfTimestamptz(text), isoInstant(at), text);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  test('the forms of the fraction', () => {
    assert.deepEqual(
      ['2026-12-06 10:00:00+00', '2026-12-06 10:00:00.5+00', '2026-12-06 10:00:00.0005+00', '2026-12-06 10:00:00.999999+00', '2026-12-06 11:00:00.25+01'].map(isoOfTimestamptz),
      ['2026-12-06T10:00:00Z', '2026-12-06T10:00:00.500Z', '2026-12-06T10:00:00Z', '2026-12-06T10:00:00.999Z', '2026-12-06T10:00:00.250Z'],
    );
    assert.equal(isoOfTimestamptz('0044-03-15 12:00:00+00 BC'), parsed('0044-03-15 12:00:00+00 BC'));
  });
});
