import { strict as assert } from 'node:assert';
import { roleVars, renderTemplate } from './render.js';
import { checkText, hasCommand } from './checkers.js';

const computed = {
  bootloader__inst_repo: 'http://192.168.100.1/netinstall/ISO/RHEL95',
};

function grubCfg(extra: Record<string, unknown> = {}): string {
  return renderTemplate(
    'bootloader',
    'grub.cfg.j2',
    roleVars('bootloader', 'RedHat', { ...computed, ...extra }),
  );
}

describe('roles/bootloader templates', function () {
  this.timeout(180000);
  before(function () {
    if (!hasCommand('grub-script-check')) this.skip();
  });

  it('grub.cfg passes grub-script-check, one kernel command line per entry', () => {
    const cfg = grubCfg({
      bootloader_menu_entries: [
        { label: 'RHEL 9.5' },
        { label: 'RHEL 9.5 (text)', extra_args: ['inst.text'] },
      ],
    });
    const r = checkText(cfg, ['grub-script-check', '{}']);
    assert.equal(r.rc, 0, `${r.out}\n${cfg}`);
    const kernels = cfg.split('\n').filter((l) => /^\s*linuxefi /.test(l));
    assert.equal(kernels.length, 2);
    assert.equal(
      kernels[0]!.trim(),
      'linuxefi uefi/vmlinuz net.ifnames=0 biosdevname=0 rd.neednet=1 rd.net.timeout.carrier=60 ' +
        'rd.driver.pre=hfi1,ib_ipoib iommu=pt ip=ib0:dhcp ' +
        'inst.repo=http://192.168.100.1/netinstall/ISO/RHEL95',
    );
    assert.match(kernels[1]!, / inst\.text inst\.repo=/);
    assert.match(cfg, /^\s*initrdefi uefi\/initrd_CN5K.img$/m);
    assert.match(cfg, /^set timeout=20$/m);
  });

  it('grub-script-check catches the procedure’s unbalanced menu entry (why the role test-parses)', () => {
    const r = checkText("set timeout=20\nmenuentry 'RHEL 9.5' {\n  linuxefi uefi/vmlinuz ip=ib1:dhcp\n", [
      'grub-script-check',
      '{}',
    ]);
    assert.notEqual(r.rc, 0);
  });

  it('the boot interface and a serial console reach every kernel line; no ip.bootdev= or bootproto=', () => {
    const cfg = grubCfg({ bootloader_boot_interface: 'ib1', bootloader_serial_console: 'ttyS0,115200n8' });
    assert.equal(checkText(cfg, ['grub-script-check', '{}']).rc, 0, cfg);
    const kernel = cfg.split('\n').find((l) => /^\s*linuxefi /.test(l))!;
    assert.match(kernel, / ip=ib1:dhcp console=tty0 console=ttyS0,115200n8 inst\.repo=/);
    assert.doesNotMatch(cfg, /ip\.bootdev=|bootproto=|ip=ib0/);
    assert.match(kernel, / rd\.driver\.pre=hfi1,ib_ipoib /);
    assert.match(kernel, / rd\.neednet=1 /);
    assert.doesNotMatch(grubCfg(), /console=/);
  });

  it('linux/initrd for upstream GRUB', () => {
    const cfg = grubCfg({ bootloader_grub_commands: 'linux' });
    assert.match(cfg, /^\s*linux uefi\/vmlinuz /m);
    assert.match(cfg, /^\s*initrd uefi\/initrd_CN5K.img$/m);
    assert.equal(checkText(cfg, ['grub-script-check', '{}']).rc, 0);
  });

  it('pxelinux.cfg/default boots the same kernel and initrd from the TFTP root', () => {
    const cfg = renderTemplate(
      'bootloader',
      'pxelinux.default.j2',
      roleVars('bootloader', 'Debian', computed),
    );
    assert.match(cfg, /^DEFAULT entry0$/m);
    assert.match(cfg, /^TIMEOUT 200$/m);
    assert.match(cfg, /^\s*KERNEL \/uefi\/vmlinuz$/m);
    assert.match(
      cfg,
      /^\s*APPEND initrd=\/uefi\/initrd_CN5K.img net.ifnames=0 .* inst.repo=http:\/\/192.168.100.1\/netinstall\/ISO\/RHEL95$/m,
    );
  });
});
