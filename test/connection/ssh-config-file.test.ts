// `-F FILE` in the ssh options: what the file sets for the host, as `ssh -F FILE host` takes it.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionSpecFor } from '../../src/connection/index.js';
import { parseSshArgs } from '../../src/connection/ssh-args.js';
import { sshOptionText } from '../../src/connection/keeper/persist.js';
import { InputError } from '../../src/errors.js';

describe('connection: an ssh_config file given with -F', () => {
  let dir: string;
  let cfg: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-sshcfg-'));
    cfg = join(dir, 'ssh.cfg');
    writeFileSync(
      cfg,
      [
        '# first value wins, as in OpenSSH',
        'Host db* !db9',
        '  HostName %h.internal',
        '  User "dba"',
        '  Port=2200',
        'Host *',
        '\tPort 2222',
        '  ProxyCommand socat - TCP:%h:%p',
        '  Compression yes',
      ].join('\n'),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const spec = (host: string, vars: Record<string, unknown> = {}) =>
    connectionSpecFor(host, { ansible_ssh_args: `-F ${cfg}`, ...vars }, {});

  it('takes the port of the Host * block (connection_ssh check_ssh_defaults.yml)', () => {
    const s = spec('localhost');
    assert.equal(s.port, 2222);
    assert.equal(s.address, 'localhost');
    assert.equal(parseSshArgs(sshOptionText(s)).proxyCommand, 'socat - TCP:%h:%p');
  });

  it('a matching block first: its HostName, User and Port; a negated pattern rules it out', () => {
    const s = spec('db1');
    assert.deepEqual([s.address, s.user, s.port], ['db1.internal', 'dba', 2200]);
    assert.deepEqual([spec('db9').address, spec('db9').port], ['db9', 2222]);
  });

  it('the options given on the command line and the connection variables win over the file', () => {
    assert.equal(spec('db1', { ansible_ssh_extra_args: '-o Port=23' }).port, 23);
    assert.equal(spec('db1', { ansible_port: 24 }).port, 24);
    assert.equal(spec('db1', { ansible_user: 'me' }).user, 'me');
  });

  it('Match and Include are refused, a missing file is an error', () => {
    const m = join(dir, 'match.cfg');
    writeFileSync(m, 'Match host x\n  Port 1\n');
    assert.throws(
      () => connectionSpecFor('h', { ansible_ssh_common_args: `-F ${m}` }, {}),
      (e) => e instanceof InputError && /'Match' is not supported/.test(e.message),
    );
    assert.throws(
      () => connectionSpecFor('h', { ansible_ssh_common_args: `-F ${join(dir, 'nope')}` }, {}),
      (e) => e instanceof InputError && /ssh config file .*nope \(-F\)/.test(e.message),
    );
  });
});
