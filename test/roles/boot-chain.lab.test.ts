// A whole boot-over-fabric site on the lab, as the README's main job builds it: site.yml
// converges a PXE server and a client host, then a real client on the fabric segment walks its
// boot chain from exactly the addresses and paths that DHCP and grub.cfg name.
import { strict as assert } from 'node:assert';
import { useLab } from '../helpers/lab.js';
import { runCli } from '../helpers/cli.js';
import { repoRoot } from './render.js';
import { bootChain, preparePxeLab } from '../../scripts/lab-pxe.js';
import { join } from 'node:path';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

describe('boot chain on a lab fabric segment after site.yml @lab', function () {
  this.timeout(1200000);
  const lab = useLab({ hosts: 2, segments: 1 });
  const invDir = tempDirUntilExit('fabplay-boot-inv');

  it('site.yml converges server and client; a PXE client gets DHCP, then TFTP and HTTP as named', async () => {
    const inv = await preparePxeLab(lab.state, invDir);
    const r = await runCli(['run', join(repoRoot, 'playbooks/site.yml'), '-i', inv], {
      env: { NO_COLOR: '1' },
    });
    assert.equal(r.code, 0, (r.stdout + r.stderr).slice(-5000));
    assert.match(
      r.stdout,
      /^h2\s+: ok=\d+\s+changed=[1-9]/m,
      'the client host got its NetworkManager profile',
    );
    const key = await lab.exec(
      'h2',
      'stat -c "%U:%G %a" /etc/NetworkManager/system-connections/ib0.nmconnection',
    );
    assert.equal(key.stdout.trim(), 'root:root 600');

    const steps = await bootChain(lab.state, 1);
    const by = Object.fromEntries(steps.map((s) => [s.step, s]));
    assert.ok(
      steps.every((s) => s.ok),
      steps.map((s) => `${s.step}: ${s.detail}`).join('\n'),
    );
    const server = lab.fabric('h1')!.addr;
    assert.match(by['DHCP lease']!.detail, new RegExp(`siaddr=${server} boot_file=uefi/grubx64\\.efi`));
    assert.equal(by['TFTP grub.cfg']!.detail.split(' ')[0], `${server}:uefi/grub.cfg`);
    assert.equal(by['TFTP kernel']!.detail.split(' ')[0], `${server}:uefi/vmlinuz`);
    assert.equal(by['TFTP initrd']!.detail.split(' ')[0], `${server}:uefi/initrd_CN5K.img`);
    assert.equal(by['HTTP .treeinfo']!.detail, `http://${server}/netinstall/ISO/RHEL95/.treeinfo -> 200`);
  });
});
