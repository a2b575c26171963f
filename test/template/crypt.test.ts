import assert from 'node:assert/strict';
import { md5Crypt, shaCrypt } from '../../src/template/crypt.js';

// hashes printed by ansible-playbook 2.14 (Python's crypt.crypt) for the same password and salt
describe('crypt schemes (SHA-crypt, MD5-crypt)', () => {
  it('gives the hashes glibc crypt gives', () => {
    assert.equal(
      shaCrypt('secret', 'mysalt', 512),
      '$6$mysalt$UX6P1VKOf6dr0s2pg4pLNvIUB6hLXvP6M5f/Yj9hJgMPdAJ4oArvk5YUD9/XWtk1JOpVwt/JTsczMJr8sFVML1',
    );
    assert.equal(shaCrypt('secret', 'mysalt', 256), '$5$mysalt$I2SNajjJ3Gc5gIR/tkrLOGngF8wqv59buJCqxh.o9s8');
    assert.equal(md5Crypt('secret', 'mysalt'), '$1$mysalt$n/EfEiV74OYgBdqhKQzSW/');
    assert.equal(
      shaCrypt('sécret', 'abcdefghijklmnop', 512),
      '$6$abcdefghijklmnop$S0lGzoByT1i0PdhuwIPJPUPLDuRUT4pjlMBgDhzMZ9EcRmoAINjBAAn3fmBKPv5nzkXtd73mGSdbvekXPQPAF.',
    );
  });

  it('writes rounds only when given', () => {
    assert.equal(
      shaCrypt('secret', 'mysalt', 512, 10000),
      '$6$rounds=10000$mysalt$9XTP7570fxVN/uTspSrH6kRPdR4KKGzGz7.TmJjDYGrKSwZuavW/3YaLur8JX6WP75Czcxa.megIO0lKreY0R.',
    );
    assert.equal(
      shaCrypt('secret', 'mysalt', 256, 5000),
      '$5$rounds=5000$mysalt$I2SNajjJ3Gc5gIR/tkrLOGngF8wqv59buJCqxh.o9s8',
    );
  });
});
