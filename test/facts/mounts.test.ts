import assert from 'node:assert/strict';
import { mountFacts } from '../../src/facts/mounts.js';

/**
 * Expected: Ansible 2.14's LinuxHardware.get_mount_facts on the same mtab, with statvfs, lsblk
 * and findmnt answering as the lines below do (udevadm finding nothing).
 */
const MTAB = [
  '/dev/vda / ext4 rw,relatime 0 0',
  'proc /proc proc rw,nosuid 0 0',
  'tmpfs /run tmpfs rw 0 0',
  '/dev/vda /run/netns ext4 rw,relatime 0 0',
  '/dev/sdb1 /mnt/my\\040disk xfs rw 0 0',
  'srv:/export /nfs nfs4 rw 0 0',
  '/dev/sdc none none rw 0 0',
];
// f_bsize f_frsize f_blocks f_bavail f_files f_ffree name; /nfs could not be stat'ed
const STATS = [
  '4096 4096 1000 400 500 100 /',
  '4096 4096 1000 400 500 100 /run/netns',
  '1024 512 10 5 20 19 /mnt/my disk',
];
const LSBLK = ['/dev/vda', '/dev/sdb1 1234-ABCD', '/dev/sdb1 other'];
const FINDMNT = ['/ /dev/vda ext4 rw', '/run/netns /dev/vda[/run/netns] ext4 rw'];

const vda = {
  block_available: 400,
  block_size: 4096,
  block_total: 1000,
  block_used: 600,
  device: '/dev/vda',
  fstype: 'ext4',
  inode_available: 100,
  inode_total: 500,
  inode_used: 400,
  size_available: 1638400,
  size_total: 4096000,
  uuid: 'N/A',
};

describe('mount facts (ansible_mounts)', () => {
  it("keeps Ansible's entries with their sizes, UUID and a bind mount's ',bind'", () => {
    assert.deepEqual(mountFacts(MTAB, STATS, LSBLK, FINDMNT), [
      { ...vda, mount: '/', options: 'rw,relatime' },
      { ...vda, mount: '/run/netns', options: 'rw,relatime,bind' },
      {
        block_available: 5,
        block_size: 1024,
        block_total: 10,
        block_used: 5,
        device: '/dev/sdb1',
        fstype: 'xfs',
        inode_available: 19,
        inode_total: 20,
        inode_used: 1,
        mount: '/mnt/my disk',
        options: 'rw',
        size_available: 2560,
        size_total: 5120,
        uuid: '1234-ABCD',
      },
      { device: 'srv:/export', fstype: 'nfs4', mount: '/nfs', options: 'rw', uuid: 'N/A' },
    ]);
  });
});
