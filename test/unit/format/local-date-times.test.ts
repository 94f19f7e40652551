import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { localDateTimes } from '../../../src/csv/columns.js';
import { localValidities, localValidity } from '../../../src/format/index.js';

const formats = new Map<string | undefined, Intl.DateTimeFormat>();

/** What `Intl` itself says an instant is in `timeZone`, read part by part. */
function byIntl(iso: string, timeZone: string | undefined): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZone });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

// Zones with summer time in both hemispheres, half and quarter hours, a 30-minute summer shift,
// a change of the standard offset, and none.
const ZONES = ['Europe/Berlin', 'America/Los_Angeles', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Sao_Paulo', 'Pacific/Apia', 'UTC'];

test('local date and times agree with Intl at any instant since 1973, in every kind of zone', () => {
  const from = Date.UTC(1973, 0, 1);
  const to = Date.UTC(2100, 0, 1);
  fc.assert(
    fc.property(fc.constantFrom(...ZONES), fc.integer({ min: from, max: to }), (zone, at) => {
      const iso = new Date(at).toISOString();
      assert.equal(localDateTimes(zone)(iso), byIntl(iso, zone));
    }),
    { numRuns: 2_000 },
  );
});

test('one formatter holds to Intl across summer-time changes, minute by minute', () => {
  for (const zone of ZONES) {
    const local = localDateTimes(zone);
    // Both changes of 2026 in each hemisphere, a minute at a time for the six hours around each.
    for (const day of [Date.UTC(2026, 2, 8), Date.UTC(2026, 2, 29), Date.UTC(2026, 3, 5), Date.UTC(2026, 8, 27), Date.UTC(2026, 9, 25), Date.UTC(2026, 10, 1)]) {
      for (let at = day - 6 * 3_600_000; at <= day + 18 * 3_600_000; at += 60_000) {
        const iso = new Date(at).toISOString();
        assert.equal(local(iso), byIntl(iso, zone), `${zone} ${iso}`);
      }
    }
  }
});

test('an unknown time zone shows the times in the local zone, as Intl without a zone does', () => {
  const iso = '2026-07-01T12:34:56Z';
  assert.equal(localDateTimes('Not/AZone')(iso), byIntl(iso, undefined));
});

test('the validities of one order are shifted as each alone is', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...ZONES),
      fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
      fc.integer({ min: -2, max: 2 }),
      (zone, at, startOffset) => {
        const purchasedAt = new Date(at).toISOString();
        const day = new Date(at + startOffset * 86_400_000).toISOString().slice(0, 10);
        const validity = { validFrom: day, validTo: '2031-01-01' };
        assert.deepEqual(localValidities(purchasedAt, zone)(validity), localValidity(validity, purchasedAt, zone));
        assert.deepEqual(localValidities(null, zone)(validity), { from: day, to: '2031-01-01' });
      },
    ),
  );
});
