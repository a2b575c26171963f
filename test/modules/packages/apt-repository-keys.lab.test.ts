import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansiblePlaybook } from '../../helpers/ansible-playbook.js';
import { runCli } from '../../helpers/cli.js';
import { useLab } from '../../helpers/lab.js';
import { labPlaybooks } from '../lab-playbook.js';
import { tempDirUntilExit } from '../../helpers/temp-dir.js';

/**
 * apt_repository, apt_key and rpm_key over SSH on a lab host, beside ansible-playbook 2.14 on the
 * same playbook and the same host (seeded again between the two): check mode with --diff, the
 * run with --diff, the sources files' bytes and modes, apt's and rpm's keys, and a second run.
 * The repositories are `file:` ones built here (dpkg-scanpackages), so update_cache runs a real
 * `apt-get update`, once with success and once failing (the files go back). The keys are made
 * with gpg at test time. FP_DUMP=PATH saves both runners' observations (PATH.ansible.json,
 * PATH.fabplay.json) to compare by hand.
 */

/** A one-package `file:` repository in DIR. */
const repo = (dir: string) => `mkdir -p ${dir}/pkg/DEBIAN
printf 'Package: fp-${dir.slice(5)}\\nVersion: 1.0\\nArchitecture: all\\nMaintainer: t <t@example.invalid>\\nDescription: t\\n' > ${dir}/pkg/DEBIAN/control
dpkg-deb --build ${dir}/pkg ${dir}/fp.deb >/dev/null && rm -rf ${dir}/pkg
(cd ${dir} && dpkg-scanpackages -m . /dev/null 2>/dev/null > Packages)`;

/** sources as an admin left them: spacing, comments, a disabled line, an empty file */
const SEED = `set -e
rm -rf /srv/debs /srv/extra /srv/other /srv/keys /etc/apt/sources.list.d /root/.rpmdb
mkdir -p /etc/apt/sources.list.d /srv/keys
${repo('/srv/debs')}
${repo('/srv/extra')}
${repo('/srv/other')}
printf '## local media\\ndeb [trusted=yes] file:/srv/debs ./\\n#deb http://old.example/debian bookworm main\\n\\n' > /etc/apt/sources.list
printf 'deb   [trusted=yes]   file:/srv/debs  ./   # the same again\\n' > /etc/apt/sources.list.d/dup.list
printf '#deb [trusted=yes] file:/srv/other ./\\n' > /etc/apt/sources.list.d/disabled.list
chmod 640 /etc/apt/sources.list.d/disabled.list
: > /etc/apt/sources.list.d/empty.list
rm -f /etc/apt/trusted.gpg.d/fabplay-lab.gpg* /etc/apt/trusted.gpg~ /var/lib/apt/lists/*_srv_*
# the legacy keyring as the machine had it, or none (a fresh Debian 12 has none)
if [ ! -e /root/trusted.gpg.orig ] && [ ! -e /root/trusted.gpg.none ]; then
  if [ -e /etc/apt/trusted.gpg ]; then cp /etc/apt/trusted.gpg /root/trusted.gpg.orig; else : > /root/trusted.gpg.none; fi
fi
if [ -e /root/trusted.gpg.orig ]; then cp /root/trusted.gpg.orig /etc/apt/trusted.gpg; else rm -f /etc/apt/trusted.gpg; fi
gpg --list-keys >/dev/null 2>&1 || true`;

/** The state the tests compare: sources files (name, mode, bytes), apt's and rpm's keys. */
const OBSERVE = `cd /etc/apt && for f in sources.list sources.list.d/*; do [ -e "$f" ] && printf "== %s %s\\n" "$f" "$(stat -c %a "$f")" && cat "$f"; done
echo "== apt keys"; apt-key adv --list-public-keys --keyid-format=long 2>/dev/null | grep -E '^(pub|sub)' || true
find /etc/apt/trusted.gpg.d -name 'fabplay*' -size +0 # the listing creates an empty one, in check mode too
echo "== rpm keys"; rpm -q gpg-pubkey 2>&1 | sort
echo "== lists"; ls /var/lib/apt/lists | grep -c _srv_ || true`;

function makeKeys(dir: string): { a: string; b: string; aId: string; bFpr: string } {
  const env = { ...process.env, GNUPGHOME: join(dir, 'gnupg') };
  execFileSync('mkdir', ['-m', '700', env.GNUPGHOME]);
  const gpg = (...args: string[]) => execFileSync('gpg', ['--batch', ...args], { env, encoding: 'utf8' });
  for (const who of ['a', 'b'])
    gpg(
      '--passphrase',
      '',
      '--quick-gen-key',
      `Lab ${who} <${who}@example.invalid>`,
      'rsa2048',
      'sign',
      'never',
    );
  const fpr = (who: string) =>
    /^fpr:+([0-9A-F]+):/m.exec(gpg('--with-colons', '--list-keys', `${who}@example.invalid`))![1]!;
  return {
    a: gpg('--armor', '--export', 'a@example.invalid'),
    b: gpg('--armor', '--export', 'b@example.invalid'),
    aId: fpr('a').slice(-16),
    bFpr: fpr('b'),
  };
}

const playbook = (k: ReturnType<typeof makeKeys>) => `- hosts: h1
  gather_facts: false
  vars:
    ansible_python_interpreter: /usr/bin/python3
    key_b: |
${k.b
  .trimEnd()
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
  tasks:
    - name: a new repository, the cache updated
      apt_repository:
        repo: deb [trusted=yes] file:/srv/extra ./
        mode: "0600"
      register: r1
    - name: a failed update puts the files back
      apt_repository:
        repo: deb [trusted=yes] file:/srv/missing ./
        update_cache_retries: 1
        update_cache_retry_max_delay: 1
      ignore_errors: true
    - name: the disabled one enabled, no update
      apt_repository:
        repo: "deb [trusted=yes] file:/srv/other ./"
        update_cache: false
    # 127.0.0.1:9 refuses at once: the later updates fail fast, where a name would wait for DNS
    - name: a source in a named file
      apt_repository:
        repo: deb-src http://user:secret@127.0.0.1:9/debian bookworm main contrib
        filename: mirror-src
        update_cache: false
    - name: a derived name with a user in it
      apt_repository:
        repo: "deb   http://user@127.0.0.1:9/debian bookworm main # note"
        update_cache: false
    - name: every enabled copy removed
      apt_repository:
        repo: deb [trusted=yes] file:/srv/debs ./
        state: absent
        update_cache: false
      register: r5
    - name: absent already
      apt_repository:
        repo: deb http://nowhere.example/debian bookworm main
        state: absent
    - name: not a source line
      apt_repository:
        repo: "# deb http://x y"
      ignore_errors: true
    - name: apt key from a file
      apt_key:
        file: /srv/keys/a.asc
      register: k1
    - name: apt key from data, into its own keyring
      apt_key:
        data: "{{ key_b }}"
        keyring: /etc/apt/trusted.gpg.d/fabplay-lab.gpg
      register: k2
    - name: apt key removed by id
      apt_key:
        id: "${k.aId}"
        state: absent
      register: k3
    - name: apt key absent already
      apt_key:
        id: "0x${k.aId.slice(-8)}"
        state: absent
    - name: a bad id
      apt_key:
        id: xyz
      ignore_errors: true
    - name: a wrong fingerprint
      rpm_key:
        key: /srv/keys/a.asc
        fingerprint: "0000 0000"
      ignore_errors: true
    - name: rpm key imported
      rpm_key:
        key: /srv/keys/a.asc
    - name: rpm key with its fingerprint
      rpm_key:
        key: /srv/keys/b.asc
        fingerprint: "${k.bFpr.replace(/(.{4})/g, '$1 ').trim()}"
    - name: rpm key removed by id
      rpm_key:
        key: "0x${k.aId}"
        state: absent
    - name: an id cannot be imported
      rpm_key:
        key: "${k.aId}"
      ignore_errors: true
    - name: not a key
      rpm_key:
        key: /srv/keys/none.asc
      ignore_errors: true
    - name: rpm key from a url, fetched by the host
      rpm_key:
        key: http://127.0.0.1:8765/a.asc
    - name: apt key from a url, fetched by the host
      apt_key:
        url: http://127.0.0.1:8765/a.asc
        keyring: /etc/apt/trusted.gpg.d/fabplay-lab.gpg
      register: k4
    - debug:
        msg: "{{ [r1.changed, r1.repo, r1.state, r5.changed] }}"
    - debug:
        msg: "{{ [k1.id, k1.short_id, k1.fp, k1.key_id, k1.changed, k2.changed, k3.changed, k4.id, k4.changed] }}"
`;

/** With apt-key gone, as on a system where it was removed: both fail the same way. */
const NO_APT_KEY = `- hosts: h1
  gather_facts: false
  vars:
    ansible_python_interpreter: /usr/bin/python3
  tasks:
    - apt_key:
        file: /srv/keys/a.asc
`;

/**
 * The upper layer without what the modules' reads leave behind in check mode too, as Ansible's
 * do (the same commands): gpg's home and rpm's database touched, and the empty keyring (with
 * /etc/apt's mtime) that `apt-key --keyring FILE adv --list-public-keys` creates.
 */
function withoutReads(snapshot: string): string {
  return snapshot
    .split('\n')
    .filter((l) => !/^(root\/\.gnupg|root\/\.rpmdb|etc\/apt |etc\/apt\/trusted\.gpg\.d)/.test(l))
    .join('\n');
}

/**
 * What may differ between the two runners' plain output: timing, blank lines, and the order of
 * one task's file diffs (Ansible lists them in the order of a Python set of the file names).
 */
function normalised(out: string): string {
  const kept: string[] = [];
  let run: string[][] = []; // consecutive file diffs of one task
  const flush = () => {
    kept.push(...run.map((b) => b.join('\n')).sort());
    run = [];
  };
  for (const l of out.split('\n')) {
    if (l.trim() === '' || /^total time/.test(l)) continue;
    if (l.startsWith('--- before')) run.push([l]);
    else if (run.length && /^(\+\+\+ after|@@|[-+ ])/.test(l)) run[run.length - 1]!.push(l);
    else {
      flush();
      kept.push(l.replace(/\*+$/, ''));
    }
  }
  flush();
  return kept.join('\n');
}

interface Observed {
  check: string;
  run: string;
  again: string;
  state: string;
  noAptKey: string;
}

describe('apt_repository, apt_key and rpm_key beside ansible-playbook 2.14 on a lab host @lab', function () {
  this.timeout(900_000);
  const lab = useLab({ hosts: 1 });
  const pbs = labPlaybooks(lab, 'fp-aptrepo-');
  const keyDir = tempDirUntilExit('fp-aptrepo-keys');
  const observed: Record<string, Observed> = {};
  let keys: ReturnType<typeof makeKeys>;

  // the keys over HTTP on the host's loopback, for the url forms (stopped by its pid)
  let server = '';
  before(async () => {
    const r = await lab.exec(
      'h1',
      'mkdir -p /srv/keys && nohup python3 -m http.server 8765 --bind 127.0.0.1 --directory /srv/keys >/dev/null 2>&1 & echo $!',
    );
    server = r.stdout.trim();
  });
  after(async () => {
    if (/^\d+$/.test(server)) await lab.exec('h1', `kill ${server}`);
  });

  before(() => {
    keys = makeKeys(keyDir);
    writeFileSync(join(pbs.dir, 'site.yml'), playbook(keys));
    writeFileSync(join(pbs.dir, 'no-apt-key.yml'), NO_APT_KEY);
  });

  async function observe(
    runner: (pb: string, flags: string[]) => Promise<{ code: number; stdout: string }>,
    who: string,
  ): Promise<Observed> {
    const seed = await lab.exec('h1', SEED);
    assert.equal(seed.rc, 0, seed.stderr);
    for (const [name, text] of [
      ['a', keys.a],
      ['b', keys.b],
    ] as const) {
      const w = await lab.exec('h1', `cat > /srv/keys/${name}.asc`, text);
      assert.equal(w.rc, 0, w.stderr);
    }
    const seeded = (await lab.exec('h1', OBSERVE)).stdout;
    const site = join(pbs.dir, 'site.yml');
    const snap = withoutReads(pbs.snapshot());
    const check = await runner(site, ['--check', '--diff']);
    if (who === 'fabplay') assert.equal(withoutReads(pbs.snapshot()), snap, 'check mode wrote nothing else');
    assert.equal((await lab.exec('h1', OBSERVE)).stdout, seeded, `${who}: check mode changed nothing`);
    const run = await runner(site, ['--diff']);
    const state = (await lab.exec('h1', OBSERVE)).stdout;
    const again = await runner(site, []);
    const hide = await lab.exec('h1', 'mv /usr/bin/apt-key /usr/bin/apt-key.hidden');
    assert.equal(hide.rc, 0, hide.stderr);
    const noAptKey = (await runner(join(pbs.dir, 'no-apt-key.yml'), [])).stdout;
    await lab.exec('h1', 'mv /usr/bin/apt-key.hidden /usr/bin/apt-key');
    return { check: check.stdout, run: run.stdout, again: again.stdout, state, noAptKey };
  }

  it('ansible-playbook 2.14 runs the playbook', async function () {
    if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
    observed.ansible = await observe(async (pb, flags) => {
      const r = ansiblePlaybook(['-i', lab.inventory, pb, ...flags], pbs.dir, {
        ANSIBLE_HOST_KEY_CHECKING: 'False',
      });
      return { code: r.status ?? -1, stdout: r.stdout };
    }, 'ansible');
    if (process.env.FP_DUMP)
      writeFileSync(process.env.FP_DUMP + '.ansible.json', JSON.stringify(observed.ansible, null, 1));
  });

  it('fabplay runs it: the same files, keys, output and changes, nothing left the second time', async () => {
    const fab = await observe(async (pb, flags) => {
      const r = await runCli(['run', pb, '-i', lab.inventory, ...flags], { cwd: pbs.dir });
      return { code: r.code, stdout: r.stdout };
    }, 'fabplay');
    observed.fabplay = fab;
    if (process.env.FP_DUMP)
      writeFileSync(process.env.FP_DUMP + '.fabplay.json', JSON.stringify(fab, null, 1));
    assert.match(
      fab.state,
      /^== sources.list.d\/file_srv_extra.list 600\ndeb \[trusted=yes\] file:\/srv\/extra \.\/\n/m,
    );
    assert.match(
      fab.state,
      /^== sources.list.d\/disabled.list 640\ndeb \[trusted=yes\] file:\/srv\/other \.\/\n/m,
    );
    assert.doesNotMatch(fab.state, /empty.list|missing/);
    assert.match(fab.run, /Failed to update apt cache/);
    // the repositories stay; the keys go in and out again (the playbook adds, then removes them)
    assert.match(fab.again, /TASK \[a new repository, the cache updated\] \*+\nok: \[h1\]/);
    assert.match(fab.again, /TASK \[every enabled copy removed\] \*+\nok: \[h1\]/);
    assert.match(fab.noAptKey, /Failed to find required executable \\"apt-key\\" in paths/);
    const ans = observed.ansible;
    if (!ans) return; // no ansible-playbook on this machine: fabplay's own answers above
    assert.equal(fab.state, ans.state, 'file bytes, modes and keys');
    assert.equal(normalised(fab.check), normalised(ans.check), 'check mode with --diff');
    assert.equal(normalised(fab.run), normalised(ans.run), 'the run with --diff');
    assert.equal(normalised(fab.again), normalised(ans.again), 'the second run');
    assert.equal(normalised(fab.noAptKey), normalised(ans.noAptKey), 'without apt-key');
  });
});
