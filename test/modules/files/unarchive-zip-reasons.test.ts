import { strict as assert } from 'node:assert';
import { pickZipHandler } from '../../../src/modules/files/unarchive-zip.js';
import { fakeContext } from '../commands/helpers.js';
import type { ArchiveOptions } from '../../../src/modules/files/unarchive-handler.js';

/**
 * Why neither of Ansible's zip handlers takes an archive, as ansible-core 2.14's unarchive words it
 * (ZipArchive needs unzip and zipinfo, ZipZArchive unzip twice): its integration test
 * test_missing_binaries removes unzip and reads the failure.
 */
const o = { src: '/tmp/a.zip', dest: '/tmp/d', include: [], exclude: [] } as unknown as ArchiveOptions;
const reasons = async (found: string, listRc = 0) =>
  (
    await pickZipHandler(
      fakeContext({
        answers: [
          { match: 'command -v unzip', stdout: found },
          { match: ' -v ', rc: listRc, stderr: 'End-of-central-directory signature not found.' },
        ],
      }),
      o,
    )
  ).reasons;

describe('unarchive: the zip handlers’ reasons', () => {
  it('no unzip and no zipinfo: one line for each handler', async () => {
    assert.deepEqual(await reasons(''), [
      "Unable to find required 'unzip' or 'zipinfo' binary in the path.",
      "Unable to find required 'unzip' or 'unzip' binary in the path.",
    ]);
  });
  it('zipinfo without unzip: ZipArchive names unzip alone', async () => {
    assert.deepEqual(await reasons('/usr/bin/zipinfo\n'), [
      "Unable to find required 'unzip' binary in the path.",
      "Unable to find required 'unzip' or 'unzip' binary in the path.",
    ]);
  });
  it('unzip without zipinfo that cannot list the archive: both reasons', async () => {
    assert.deepEqual(await reasons('/usr/bin/unzip\n', 9), [
      "Unable to find required 'zipinfo' binary in the path.",
      'Command "/usr/bin/unzip" could not handle archive: End-of-central-directory signature not found.',
    ]);
  });
  it('both binaries, a listing that fails: the one reason both handlers give', async () => {
    assert.deepEqual(await reasons('/usr/bin/unzip\n/usr/bin/zipinfo\n', 9), [
      'Command "/usr/bin/unzip" could not handle archive: End-of-central-directory signature not found.',
    ]);
  });
});
