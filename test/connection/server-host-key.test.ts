import { strict as assert } from 'node:assert';
import { serverHostKey, ssh2 } from '../../src/connection/ssh2-lib.js';

// ssh2's keygen drops the public key's leading zero bytes: about one Ed25519 key in 256 is one
// its own parser refuses (mscdex/ssh2 issues 1390 and 1513). The keeper and the warm-up's sshd
// failed to start with such a host key.
describe("serverHostKey: an Ed25519 host key ssh2's parser takes", () => {
  it('makes a refused key again', () => {
    const utils = ssh2.utils;
    const generate = utils.generateKeyPairSync;
    let refused: string | undefined;
    for (let i = 0; i < 20000 && !refused; i++) {
      const key = generate.call(utils, 'ed25519').private;
      if (utils.parseKey(key) instanceof Error) refused = key;
    }
    assert.ok(refused, 'ssh2 made no key its parser refuses in 20000');
    const made: string[] = [];
    utils.generateKeyPairSync = (type) => {
      const key = made.length === 0 ? refused! : generate.call(utils, type).private;
      made.push(key);
      return { private: key, public: '' };
    };
    try {
      const key = serverHostKey();
      assert.equal(made.length, 2, 'the refused key, then a new one');
      assert.equal(key, made[1]);
      const parsed = utils.parseKey(key);
      assert.ok(!(parsed instanceof Error) && !Array.isArray(parsed), String(parsed));
      assert.equal(parsed.type, 'ssh-ed25519');
    } finally {
      utils.generateKeyPairSync = generate;
    }
  });
});
