import assert from 'node:assert/strict';
import { Templar } from '../../../src/template/index.js';
import { cases } from '../helpers.js';

describe('template filters: password_hash (as ansible-core 2.14 with Python crypt)', () => {
  cases([
    [
      "{{ 'secret' | password_hash('sha512', 'mysalt', rounds=656000) }}",
      '$6$mysalt$UX6P1VKOf6dr0s2pg4pLNvIUB6hLXvP6M5f/Yj9hJgMPdAJ4oArvk5YUD9/XWtk1JOpVwt/JTsczMJr8sFVML1',
    ],
    ["{{ 'secret' | password_hash('md5', salt='mysalt') }}", '$1$mysalt$n/EfEiV74OYgBdqhKQzSW/'],
    [
      "{{ 'secret' | password_hash('sha256_crypt', 'mysalt') }}",
      '$5$mysalt$I2SNajjJ3Gc5gIR/tkrLOGngF8wqv59buJCqxh.o9s8',
    ],
  ]);

  it('makes a random salt of the scheme size (or salt_size)', () => {
    const t = new Templar({});
    const a = t.template("{{ 'secret' | password_hash }}") as string;
    const b = t.template("{{ 'secret' | password_hash }}") as string;
    assert.match(a, /^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    assert.notEqual(a, b);
    assert.match(t.template("{{ 'x' | password_hash('md5') }}") as string, /^\$1\$[./0-9A-Za-z]{8}\$/);
    assert.equal((t.template("{{ 'x' | password_hash(salt_size=4) }}") as string).length, 94);
  });

  it("refuses what it cannot do, in Ansible's words where Ansible has them", () => {
    const t = new Templar({});
    assert.throws(
      () => t.template("{{ 'x' | password_hash(hashtype='nope') }}"),
      /crypt.crypt does not support 'nope' algorithm/,
    );
    assert.throws(
      () => t.template("{{ 'x' | password_hash('blowfish') }}"),
      /bcrypt \('blowfish'\) is not supported by fabplay/,
    );
    assert.throws(
      () => t.template("{{ 'x' | password_hash('sha512', 'bad salt') }}"),
      /invalid characters in salt/,
    );
    assert.throws(() => t.template("{{ 'x' | password_hash('md5', '123456789') }}"), /invalid salt size/);
    assert.throws(
      () => t.template("{{ 'x' | password_hash(salt_size=[999]) }}"),
      /cannot be interpreted as an integer/,
    );
    assert.throws(
      () => t.template("{{ 'x' | password_hash('sha512', ident='2b') }}"),
      /ident applies to bcrypt only/,
    );
  });
});
