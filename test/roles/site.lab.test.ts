// site.yml on a real lab PXE server (a namespace host with its own sshd and fabric segment),
// run by ansible-playbook (the reference) and by fabplay: check mode on the fresh server writes
// nothing, the converge works, the second run changes nothing, and real clients on the fabric
// get what the roles promise.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useLab } from '../helpers/lab.js';
import { FIXTURE, RESERVED_CLIENT_ID, serverVars } from '../../scripts/lab-pxe.js';
import { runCli } from '../helpers/cli.js';
import { pxeLease } from '../helpers/pxe-client.js';
import { tarOf } from '../helpers/tar.js';
import { repoRoot } from './render.js';
import { hasCommand, runAnsiblePlaybook } from './checkers.js';
import {
  buildIsoTree,
  buildReplacementModules,
  buildSyslinuxDir,
  makeTempDir,
  INSTALL_IMG_SIZE,
} from '../helpers/pxe-fixtures.js';

const FIX = FIXTURE;
const CLIENT_ID = RESERVED_CLIENT_ID;

/** The ARM64 UEFI boot file the role offers to option 93 = 11 when asked (no default). */
const ARM64_BOOT_FILE = 'uefi/grubaa64.efi';

/**
 * The variables a lab server needs (the main job's), an ARM64 boot file, and a remote tmp both
 * runners share.
 */
function labVars(fabricAddr: string): Record<string, unknown> {
  return {
    ansible_remote_tmp: '/tmp/.ansible-remote',
    ...serverVars(fabricAddr),
    dhcp_server_bootfile_arm64_uefi: ARM64_BOOT_FILE,
  };
}

/** Every file of the host's copy-on-write upper layer, with size and mtime. */
function snapshot(upper: string): string[] {
  const r = spawnSync('find', [upper, '-printf', '%P %y %s %T@\\n'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).sort();
}

function recapChanged(out: string, host: string): number {
  const m = new RegExp(`^${host}\\s*:.*changed=(\\d+).*failed=(\\d+)`, 'm').exec(out);
  assert.ok(m, `no recap for ${host} in:\n${out.slice(-3000)}`);
  assert.equal(m[2], '0', out.slice(-6000));
  return Number(m[1]);
}

type Runner = (inventory: string, varsFile: string, extra: string[]) => Promise<{ rc: number; out: string }>;

const ansiblePlaybook: Runner = async (inventory, varsFile, extra) =>
  runAnsiblePlaybook(
    ['-i', inventory, '-e', `@${varsFile}`, join(repoRoot, 'playbooks/site.yml'), ...extra],
    2300000,
  );

const fabplay: Runner = async (inventory, varsFile, extra) => {
  const r = await runCli(
    ['run', '-i', inventory, '-e', `@${varsFile}`, join(repoRoot, 'playbooks/site.yml'), ...extra],
    {
      env: { NO_COLOR: '1' },
    },
  );
  return { rc: r.code, out: `${r.stdout}${r.stderr}` };
};

for (const [runnerName, runner] of [
  ['ansible-playbook', ansiblePlaybook],
  ['fabplay', fabplay],
] as const) {
  describe(`playbooks/site.yml on a lab PXE server, with ${runnerName} @lab`, function () {
    this.timeout(2400000);
    const lab = useLab({ hosts: 1, segments: 1 });
    let tmp: ReturnType<typeof makeTempDir>;
    let varsFile = '';
    let fabricAddr = '';

    before(async function () {
      if (runnerName === 'ansible-playbook' && !hasCommand('ansible-playbook')) this.skip();
      tmp = makeTempDir('fabplay-site-lab-');
      const src = join(tmp.dir, 'fixture');
      buildIsoTree(join(src, 'tree'));
      buildReplacementModules(join(src, 'opxs'));
      buildSyslinuxDir(join(src, 'syslinux'));
      // DHCP offers ARM64 clients a GRUB the x86_64 tree lacks: it stands in the TFTP root, where
      // an operator would put it, so the boot-chain proof finds what DHCP offers
      const r = await lab.exec(
        'h1',
        `mkdir -p ${FIX} /srv/tftp/uefi && tar -xf - -C ${FIX} && printf 'MZ arm64' > /srv/tftp/${ARM64_BOOT_FILE}`,
        tarOf(src),
      );
      assert.equal(r.rc, 0, r.stderr);
      // a fresh server as an image ships it, whatever the controller's apt does: apt keeps its
      // binary caches in /var/cache/apt, and there are none yet
      const apt = await lab.exec(
        'h1',
        `printf 'Dir::Cache::pkgcache "pkgcache.bin";\\nDir::Cache::srcpkgcache "srcpkgcache.bin";\\n' > /etc/apt/apt.conf.d/zz-fabplay-test-caches
rm -f /var/cache/apt/pkgcache.bin /var/cache/apt/srcpkgcache.bin`,
      );
      assert.equal(apt.rc, 0, apt.stderr);
      fabricAddr = lab.fabric('h1')!.addr;
      varsFile = join(tmp.dir, 'vars.yml');
      writeFileSync(varsFile, yaml.dump(labVars(fabricAddr)));
    });
    after(() => tmp?.cleanup());

    const play = (...extra: string[]) => runner(lab.inventory, varsFile, extra);

    it('check mode on the fresh server leaves its upper layer unchanged', async () => {
      // ansible-playbook's own machinery leaves traces that are not the playbook's doing: sshd
      // login records of its SSH sessions, the rpm database its package probing creates, and
      // apt's binary caches, which its apt module (python-apt) writes even in check mode.
      const noise =
        runnerName === 'ansible-playbook'
          ? /^(var\/log\/(lastlog|wtmp|btmp)|root\/\.rpmdb|var\/cache\/apt\/(src)?pkgcache\.bin)( |\/)|^(var\/log|var|root|var\/cache|var\/cache\/apt) d /
          : /^$/;
      const snap = () => snapshot(lab.upperDir('h1')).filter((l) => !noise.test(l) && !l.startsWith(' d '));
      const before = snap();
      const r = await play('--check');
      // nothing is in place yet: the boot-chain proof at the end fails, naming what is missing
      assert.notEqual(r.rc, 0, r.out.slice(-6000));
      assert.match(
        r.out,
        /The boot chain is broken: FAIL x86 BIOS: pxelinux\/pxelinux\.0 is missing from the TFTP root/,
      );
      assert.match(r.out, /FAIL x64 UEFI: uefi\/grubx64\.efi is missing from the TFTP root/);
      const m = new RegExp(`^h1\\s*:.*changed=(\\d+).*failed=(\\d+)`, 'm').exec(r.out);
      assert.ok(
        m && Number(m[1]) > 0 && m[2] === '1',
        'check mode reports what it would change, and the proof fails',
      );
      assert.deepEqual(snap(), before);
    });

    it('converges, and the second run changes nothing', async () => {
      const first = await play();
      assert.equal(first.rc, 0, first.out.slice(-6000));
      assert.ok(recapChanged(first.out, 'h1') > 0);
      const second = await play();
      assert.equal(second.rc, 0, second.out.slice(-6000));
      assert.equal(recapChanged(second.out, 'h1'), 0, second.out.slice(-8000));
    });

    it('check mode on the converged server reports nothing to change', async () => {
      const r = await play('--check');
      assert.equal(recapChanged(r.out, 'h1'), 0, r.out.slice(-8000));
    });

    const dhcpScript = () => {
      const f = join(tmp.dir, 'udhcpc.sh');
      writeFileSync(
        f,
        '#!/bin/sh\n[ "$1" = bound ] && echo "ip=$ip siaddr=$siaddr boot_file=$boot_file"\nexit 0\n',
      );
      chmodSync(f, 0o755);
      return f;
    };

    for (const [arch, file] of [
      ['0007', 'uefi/grubx64.efi'],
      ['0009', 'uefi/grubx64.efi'],
      ['0000', 'pxelinux/pxelinux.0'],
      ['000b', ARM64_BOOT_FILE],
    ] as const) {
      it(`a PXE client with option 93 = ${arch} gets ${file} and the next server; dhcpd logs the DHCPACK`, async () => {
        const acks = async () =>
          (await lab.exec('h1', 'grep -c DHCPACK /var/log/syslog || true')).stdout.trim();
        const before = Number(await acks());
        const c = await lab.addClient(1);
        const lease = await pxeLease(c.exec, arch);
        assert.equal(lease.siaddr, fabricAddr);
        assert.equal(lease.bootFile, file);
        assert.ok(Number(await acks()) > before, 'a new DHCPACK line in the server log');
      });
    }

    it('a client sending the reserved IPoIB client identifier gets its fixed address', async () => {
      const c = await lab.addClient(1);
      const id = CLIENT_ID.replace(/:/g, '');
      const r = await c.exec(`busybox udhcpc -i eth0 -f -q -n -t 5 -T 2 -s ${dhcpScript()} -x 0x3d:${id}`);
      assert.equal(r.rc, 0, `${r.stdout}${r.stderr}`);
      assert.match(r.stdout, new RegExp(`ip=${fabricAddr.replace(/\.\d+$/, '.50').replace(/\./g, '\\.')} `));
    });

    it('TFTP serves the boot files and refuses an upload; HTTP serves the tree with the right size', async () => {
      const c = await lab.addClient(1);
      const dir = join(tmp.dir, 'client');
      spawnSync('mkdir', ['-p', dir]);
      writeFileSync(join(dir, 'evil.txt'), 'x');
      const net = fabricAddr.replace(/\.\d+$/, '');
      const r = await c.exec(
        `ip addr add ${net}.200/24 dev eth0 && cd ${dir} && ` +
          `tftp ${fabricAddr} -c get uefi/grubx64.efi grubx64.efi; tftp ${fabricAddr} -c get uefi/initrd_CN5K.img initrd.img; ` +
          `tftp ${fabricAddr} -c put evil.txt uefi/evil.txt; ` +
          `curl -s -o /dev/null -w '%{http_code}\\n' http://${fabricAddr}/netinstall/ISO/RHEL95/.treeinfo; ` +
          `curl -sI http://${fabricAddr}/netinstall/ISO/RHEL95/images/install.img`,
      );
      assert.match(r.stdout, /^200$/m, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`^Content-Length: ${INSTALL_IMG_SIZE}\\r?$`, 'mi'));
      const got = spawnSync('sh', ['-c', `ls -l ${dir}`], { encoding: 'utf8' }).stdout;
      assert.match(got, /grubx64\.efi/);
      assert.match(got, /initrd\.img/);
      const onServer = await lab.exec('h1', 'ls /srv/tftp/uefi; stat -c %a /srv/tftp/uefi/grubx64.efi');
      assert.doesNotMatch(onServer.stdout, /evil/);
      assert.match(onServer.stdout, /^644$/m);
      // Apache listens on the fabric address only: the server's loopback gets no answer
      const local = await lab.exec(
        'h1',
        `curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1/netinstall/ISO/RHEL95/.treeinfo; ` +
          `curl -s -o /dev/null -w ' %{http_code}' http://${fabricAddr}/netinstall/ISO/RHEL95/.treeinfo`,
      );
      assert.equal(local.stdout, '000 200', 'refused on 127.0.0.1, 200 on the Listen address');
    });

    it('Apache on the fabric address survives a network restart in which the address comes back after it starts', async () => {
      const ports = await lab.exec('h1', 'grep -c "^[[:space:]]*Listen 443" /etc/apache2/ports.conf');
      assert.equal(
        ports.stdout.trim(),
        '2',
        "ports.conf keeps the distribution's <IfModule> Listen 443 lines",
      );
      const set = await lab.exec('h1', 'sysctl -n net.ipv4.ip_nonlocal_bind');
      assert.equal(set.stdout.trim(), '1', 'the role set the running value');
      const restart = (sysctl = '') =>
        lab.exec(
          'h1',
          `${sysctl}ip addr del ${fabricAddr}/24 dev fab0; ` +
            `service apache2 restart >/dev/null 2>&1; echo "apache2=$?"; ip addr add ${fabricAddr}/24 dev fab0; ` +
            `sleep 1; curl -s -o /dev/null -w '%{http_code}' http://${fabricAddr}/netinstall/ISO/RHEL95/.treeinfo`,
        );
      // the control: without the setting the role makes, Apache cannot start without its address
      const without = await restart('sysctl -qw net.ipv4.ip_nonlocal_bind=0; ');
      assert.match(without.stdout, /^apache2=[1-9]/m, without.stdout + without.stderr);
      const sysctl = await lab.exec(
        'h1',
        'cat /etc/sysctl.d/60-fabplay-http-server.conf; sysctl -p /etc/sysctl.d/60-fabplay-http-server.conf',
      );
      assert.match(sysctl.stdout, /^net\.ipv4\.ip_nonlocal_bind ?= ?1$/m);
      const withIt = await restart();
      assert.match(withIt.stdout, /^apache2=0\n200$/m, withIt.stdout + withIt.stderr);
    });
  });
}
