// Ansible's log, pow, root, human_readable, human_to_bytes and rekey_on_member; the expected values are what
// ansible-playbook 2.14 printed for the same expressions (log, pow and root give floats: '2.0').
import { cases } from './helpers.js';

describe('template: math and byte-size filters', () => {
  cases([
    ['{{ 1 | log == 0.0 }}', true],
    ['{{ 100 | log(10) }}', '2.0'],
    ['{{ 8 | log(2) }}', '3.0'],
    ['{{ 2 | pow(3) == 8 }}', true],
    ['{{ 9 | root }}', '3.0'],
    ['{{ 27 | root(3) | round(6) }}', '3.0'],
    ['{{ 2 | pow(3) }}', '8.0'],
    ['{{ 0 | human_readable }}', '0.00 Bytes'],
    ['{{ 1024 | human_readable }}', '1.00 KB'],
    ["{{ 1048576 | human_readable(unit='K') }}", '1024.00 KB'],
    ['{{ 2000000 | human_readable(isbits=true) }}', '1.91 Mb'],
    ["{{ '1K' | human_to_bytes }}", 1024],
    ["{{ '1.5M' | human_to_bytes }}", 1572864],
    ["{{ 10 | human_to_bytes('M') }}", 10485760],
    ["{{ '1Mb' | human_to_bytes(isbits=true) }}", 1048576],
    ["{{ '2 GB' | human_to_bytes }}", 2147483648],
    ["{{ '3' | human_to_bytes }}", 3],
    [
      '{{ [{"proto": "eigrp", "s": 1}, {"proto": "ospf", "s": 2}] | rekey_on_member("proto") }}',
      { eigrp: { proto: 'eigrp', s: 1 }, ospf: { proto: 'ospf', s: 2 } },
    ],
    [
      '{{ {"a": {"p": "x", "s": 1}, "b": {"p": "x", "s": 2}} | rekey_on_member("p", duplicates="overwrite") }}',
      { x: { p: 'x', s: 2 } },
    ],
  ]);
});
