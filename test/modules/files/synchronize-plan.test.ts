import { strict as assert } from 'node:assert';
import {
  expandUser,
  expandVars,
  rsyncCommand,
  rsyncOutcome,
  rsyncTarget,
  type RsyncEnds,
  type RsyncOptions,
} from '../../../src/modules/files/synchronize-plan.js';

/**
 * synchronize's rsync command as data: options and ends in, Ansible's command text out. The
 * expected texts are what ansible.posix's module (Debian's Ansible) builds for the same arguments.
 */
const DEFAULTS: RsyncOptions = {
  archive: true,
  checksum: false,
  compress: true,
  existing_only: false,
  delete: false,
  dirs: false,
  copy_links: false,
  rsync_timeout: 0,
  rsync_opts: [],
  partial: false,
  verify_host: false,
  ssh_connection_multiplexing: false,
  delay_updates: true,
};
const PUSH: RsyncEnds = {
  rsync: '/usr/bin/rsync',
  ssh: '/usr/bin/ssh',
  src: '/pb/files/tree/',
  dest: 'root@10.0.0.5:/srv/x/',
  check: false,
};
const OUT = `--out-format='<<CHANGED>>%i %n%L'`;
const NO_CHECK = '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null';

function cmdOf(o: Partial<RsyncOptions>, e: Partial<RsyncEnds> = {}): string {
  const r = rsyncCommand({ ...DEFAULTS, ...o }, { ...PUSH, ...e });
  assert.ok('cmd' in r, JSON.stringify(r));
  return r.cmd;
}

describe('synchronize: the rsync command as Ansible builds it', () => {
  it('defaults: delayed updates, compression, archive, ssh without multiplexing or host key check', () => {
    assert.equal(
      cmdOf({}),
      `/usr/bin/rsync --delay-updates -F --compress --archive --rsh='/usr/bin/ssh -S none ${NO_CHECK}' ${OUT} /pb/files/tree/ root@10.0.0.5:/srv/x/`,
    );
  });

  it('check mode, timeout, delete, existing, checksum, copy_links in their places', () => {
    const o = { rsync_timeout: 9, delete: true, existing_only: true, checksum: true, copy_links: true };
    assert.match(
      cmdOf(o, { check: true }),
      /^\/usr\/bin\/rsync --delay-updates -F --compress --timeout=9 --dry-run --delete-after --existing --checksum --copy-links --archive --rsh=/,
    );
  });

  it('archive parts turned off, or turned on one by one without archive', () => {
    assert.match(
      cmdOf({ recursive: false, times: false, owner: false }),
      / --archive --no-recursive --no-times --no-owner --rsh/,
    );
    assert.match(
      cmdOf({
        archive: false,
        recursive: true,
        links: true,
        group: false,
        compress: false,
        delay_updates: false,
        dirs: true,
      }),
      /^\/usr\/bin\/rsync --recursive --links --dirs --rsh=/,
    );
  });

  it('key, port, ssh args, host key check, multiplexing, rsync_path with become', () => {
    assert.equal(
      cmdOf(
        { verify_host: true, ssh_connection_multiplexing: true },
        {
          privateKey: '/k/id ed',
          port: 2222,
          sshArgs: '-C -o ProxyCommand="nc %h %p"',
          rsyncPath: 'sudo -u root rsync',
        },
      ),
      `/usr/bin/rsync --delay-updates -F --compress --archive --rsh='/usr/bin/ssh -i '"'"'/k/id ed'"'"' -o Port=2222 -C -o ProxyCommand="nc %h %p"' --rsync-path='sudo -u root rsync' ${OUT} /pb/files/tree/ root@10.0.0.5:/srv/x/`,
    );
  });

  it('rsync_opts pasted as written (an --rsh of them replaces ours), partial, link_dest with -H -vv', () => {
    assert.equal(
      cmdOf({ rsync_opts: ['--exclude=*.log', '--rsh=ssh -p 2'], partial: true, link_dest: ['/old'] }),
      `/usr/bin/rsync --delay-updates -F --compress --archive --exclude=*.log --rsh=ssh -p 2 --partial -H -vv --link-dest=/old ${OUT} /pb/files/tree/ root@10.0.0.5:/srv/x/`,
    );
  });

  it('local ends need no --rsh; an rsync:// end neither, and two of them fail', () => {
    assert.equal(
      cmdOf({}, { src: '/a', dest: '/b c' }),
      `/usr/bin/rsync --delay-updates -F --compress --archive ${OUT} /a '/b c'`,
    );
    assert.doesNotMatch(cmdOf({}, { dest: 'rsync://h/m/' }), /--rsh/);
    assert.deepEqual(rsyncCommand(DEFAULTS, { ...PUSH, src: 'rsync://a/x', dest: 'rsync://b/y' }), {
      fail: 'either src or dest must be a localhost',
    });
  });

  it('sshpass reads the password from a file descriptor', () => {
    assert.match(cmdOf({}, { sshpass: 'sshpass', passwordFd: 0 }), /^sshpass -d0 \/usr\/bin\/rsync /);
  });

  it('refuses a link_dest the destination lies under, as Ansible', () => {
    const r = rsyncCommand({ ...DEFAULTS, link_dest: ['/srv'] }, { ...PUSH, src: '/a/', dest: '/srv/x/y' });
    assert.deepEqual(r, {
      fail: 'Hardlinking into a subdirectory of the source would cause recursion. /srv/x and /srv/x/y',
    });
  });

  it('formats remote ends: user@host:path, [user@v6]:path, rsync:// as it is', () => {
    assert.equal(rsyncTarget('10.0.0.5', '/x', 'root'), 'root@10.0.0.5:/x');
    assert.equal(rsyncTarget('h', 'rel', undefined), 'h:rel');
    assert.equal(rsyncTarget('fe80::1', '/x', 'u'), '[u@fe80::1]:/x');
    assert.equal(rsyncTarget('h', 'rsync://d/m', 'u'), 'rsync://d/m');
  });

  it("expands ~ and $NAME as Python's os.path does", () => {
    const env = { HOME: '/home/me/', X: 'x1' };
    assert.equal(expandUser('~', env), '/home/me');
    assert.equal(expandUser('~/a', env), '/home/me/a');
    assert.equal(expandUser('~other/a', env), '~other/a');
    assert.equal(expandVars('$X/${X}/$NOPE/${NOPE}', env), 'x1/x1/$NOPE/${NOPE}');
  });

  it('changed from the marked itemized lines; link_dest counts only lines other than unchanged ones', () => {
    assert.deepEqual(rsyncOutcome('<<CHANGED>>>f+++++++++ a\n<<CHANGED>>cd+++++++++ d/\n', false), {
      changed: true,
      msg: '>f+++++++++ a\ncd+++++++++ d/\n',
      stdout_lines: ['>f+++++++++ a', 'cd+++++++++ d/'],
    });
    assert.equal(rsyncOutcome('', false).changed, false);
    assert.equal(
      rsyncOutcome('sending incremental file list\n<<CHANGED>>.d..t...... ./\n', true).changed,
      false,
    );
    assert.equal(rsyncOutcome('hf a => b\n<<CHANGED>>hf+++++++++ b\n', true).changed, true);
  });
});
