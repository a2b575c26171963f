import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roleVars, renderTemplate, type OsFamily } from './render.js';
import { hasCommand } from './checkers.js';

const MODS = '/usr/lib/apache2/modules';

/**
 * `apache2ctl -t` on the role's files in a private configuration root (APACHE_CONFDIR): a
 * minimal apache2.conf that loads the modules the files use and includes them, as the Debian
 * apache2.conf includes ports.conf and conf-enabled/ (and RHEL's httpd.conf conf.d/).
 */
function configtest(files: Record<string, string>): { rc: number; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'fabplay-apache-'));
  try {
    mkdirSync(join(root, 'run'));
    mkdirSync(join(root, 'conf'));
    writeFileSync(
      join(root, 'envvars'),
      `export APACHE_RUN_USER=www-data\nexport APACHE_RUN_GROUP=www-data\nexport APACHE_PID_FILE=${root}/run/pid\n` +
        `export APACHE_RUN_DIR=${root}/run\nexport APACHE_LOCK_DIR=${root}/run\nexport APACHE_LOG_DIR=${root}\n`,
    );
    const loads = ['mpm_event', 'authz_core', 'alias', 'autoindex']
      .map((m) => `LoadModule ${m}_module ${MODS}/mod_${m}.so`)
      .join('\n');
    writeFileSync(
      join(root, 'apache2.conf'),
      `DefaultRuntimeDir ${root}/run\nPidFile ${root}/run/pid\nServerName localhost\nErrorLog ${root}/error.log\n${loads}\n` +
        `IncludeOptional ${root}/conf/*.conf\n`,
    );
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'conf', name), text);
    const r = spawnSync('apache2ctl', ['-t'], {
      encoding: 'utf8',
      env: { ...process.env, APACHE_CONFDIR: root },
    });
    return { rc: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function render(os: OsFamily, listen: string[], extra: Record<string, unknown> = {}) {
  const vars = roleVars('http_server', os, { http_server__listen: listen, ...extra });
  return {
    listen: renderTemplate('http_server', 'listen.conf.j2', vars),
    netinstall: renderTemplate('http_server', 'netinstall.conf.j2', vars),
  };
}

describe('roles/http_server templates', function () {
  this.timeout(180000);
  before(function () {
    if (!hasCommand('apache2ctl')) this.skip();
  });

  for (const os of ['Debian', 'RedHat'] as const) {
    it(`${os}: the Listen file and the netinstall alias pass apache2ctl -t`, () => {
      const f = render(os, ['192.168.100.1']);
      const r = configtest({ '00-listen.conf': f.listen, 'netinstall.conf': f.netinstall });
      assert.equal(r.rc, 0, r.out);
      assert.match(r.out, /Syntax OK/);
    });
  }

  it('listens on the fabric address only, each Listen once', () => {
    const f = render('Debian', ['192.168.100.1', '10.0.0.1'], { http_server_port: 8080 });
    const lines = f.listen.split('\n').filter((l) => /^\s*Listen\b/.test(l));
    assert.deepEqual(lines, ['Listen 192.168.100.1:8080', 'Listen 10.0.0.1:8080']);
    assert.deepEqual(
      render('Debian', ['*'])
        .listen.split('\n')
        .filter((l) => /^Listen/.test(l)),
      ['Listen 80'],
    );
  });

  it('uses Apache 2.4 access control, not Order/Allow', () => {
    const f = render('RedHat', ['192.168.100.1'], {
      http_server_alias: '/install',
      http_server_netinstall_dir: '/srv/www/install',
    });
    assert.match(f.netinstall, /^Alias "\/install" "\/srv\/www\/install"$/m);
    assert.match(
      f.netinstall,
      /<Directory "\/srv\/www\/install">[\s\S]*Require all granted[\s\S]*<\/Directory>/,
    );
    assert.doesNotMatch(f.netinstall, /Order|Allow from/);
  });

  it("apache2ctl -t rejects the procedure's Apache 2.2 lines (why the role checks before reload)", () => {
    const seed =
      'Alias /netinstall /var/www/html/netinstall\n<Directory /var/www/html/netinstall>\nOptions Indexes FollowSymLinks\nOrder Deny,Allow\nAllow from all\n</Directory>\n';
    const r = configtest({ 'netinstall.conf': seed });
    assert.notEqual(r.rc, 0);
    assert.match(r.out, /Order/);
  });
});
