import assert from 'node:assert/strict';
import { Templar } from '../../../src/template/index.js';
import { cases } from '../helpers.js';

// expected values printed by ansible-playbook 2.14 for the same expressions (TZ=UTC for strftime)
describe('template filters: to_datetime and strftime', () => {
  cases([
    ["{{ '1993-03-26 01:23:45' | to_datetime < '1994-03-26 01:23:45' | to_datetime }}", true],
    ["{{ (('2016-08-14 20:00:12' | to_datetime) - ('2015-12-25' | to_datetime('%Y-%m-%d'))).days }}", 233],
    ["{{ (('2016-08-14 20:00:12' | to_datetime) - ('2016-08-14 18:00:00' | to_datetime)).seconds }}", 7212],
    [
      "{{ ('2016-08-14 20:00:12' | to_datetime) - ('2016-08-15 18:00:00.5' | to_datetime('%Y-%m-%d %H:%M:%S.%f')) }}",
      '-1 day, 2:00:11.500000',
    ],
    ["{{ '2016-08-14 20:00:12' | to_datetime }}", '2016-08-14 20:00:12'],
    [
      "{{ ('14/Aug/2016:08:00:12 PM' | to_datetime('%d/%b/%Y:%I:%M:%S %p')).strftime('%Y-%m-%dT%H:%M:%S') }}",
      '2016-08-14T20:00:12',
    ],
    // day and month names in any case (Python 3's datetime.strptime gives the same)
    ["{{ 'Sunday 5 December 2021' | to_datetime('%A %d %B %Y') }}", '2021-12-05 00:00:00'],
    ["{{ 'THU 1 sep 1999' | to_datetime('%a %d %b %Y') }}", '1999-09-01 00:00:00'],
    ["{{ ('2016-08-14 20:00:12.25' | to_datetime('%Y-%m-%d %H:%M:%S.%f')).microsecond }}", 250000],
    ["{{ ('2016-08-14 20:00:12' | to_datetime) | type_debug }}", 'datetime'],
    ["{{ '%Y-%m-%d %H:%M' | strftime(1585247522, utc=true) }}", '2020-03-26 18:32'],
    ["{{ '%Y-%m-%d' | strftime('1585247522.0', true) }}", '2020-03-26'],
  ]);

  it("fails with Python's messages", () => {
    const t = new Templar({});
    assert.throws(() => t.template("{{ '%Y' | strftime('foo') }}"), /Invalid value for epoch value \(foo\)/);
    assert.throws(
      () => t.template("{{ '2016-08-14' | to_datetime }}"),
      /time data '2016-08-14' does not match format '%Y-%m-%d %H:%M:%S'/,
    );
    assert.throws(
      () => t.template("{{ '2016-08-14 20:00:12xx' | to_datetime }}"),
      /unconverted data remains: xx/,
    );
    assert.throws(
      () => t.template("{{ '2016-02-30' | to_datetime('%Y-%m-%d') }}"),
      /day is out of range for month/,
    );
  });
});
