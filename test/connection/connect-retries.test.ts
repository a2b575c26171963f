import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionSpecFor } from '../../src/connection/index.js';
import { SshConnection } from '../../src/connection/ssh.js';
import { InputError, UnreachableError } from '../../src/errors.js';

describe('connection retries: ansible_ssh_retries, [ssh_connection] retries', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-retries-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // a proxy that notes each attempt and fails it, as an unreachable host's would
  const failingHost = (vars: Record<string, unknown>, defaults: Record<string, unknown> = {}) =>
    connectionSpecFor(
      'web1',
      {
        ansible_host: 'web1.invalid',
        ansible_ssh_common_args: `-o ProxyCommand="sh -c 'echo try >> ${dir}/tries; exit 1'"`,
        ...vars,
      },
      { connectTimeoutMs: 5000, ...defaults },
    );

  const attempts = async (spec: ReturnType<typeof failingHost>) => {
    const t0 = Date.now();
    await assert.rejects(new SshConnection(spec).connect(), UnreachableError);
    return {
      tries: readFileSync(join(dir, 'tries'), 'utf8').split('\n').filter(Boolean).length,
      ms: Date.now() - t0,
    };
  };

  it('tries once by default', async () => {
    assert.equal((await attempts(failingHost({}))).tries, 1);
  });

  it('tries again after 0 s, then 1 s, as Ansible does; the variable wins over the config', async () => {
    const r = await attempts(failingHost({ ansible_ssh_retries: 2 }, { connectRetries: 5 }));
    assert.equal(r.tries, 3);
    assert.ok(r.ms >= 1000, `paused 0 + 1 s between the tries (took ${r.ms} ms)`);
    assert.equal((await attempts(failingHost({}, { connectRetries: 1 }))).tries, 3 + 2);
  });

  it('refuses a retry count that is not a whole number, naming the host', () => {
    assert.throws(
      () => failingHost({ ansible_ssh_retries: 'many' }),
      (e: unknown) =>
        e instanceof InputError && /web1: ansible_ssh_retries must be a whole number/.test(e.message),
    );
  });
});
