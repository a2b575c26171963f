import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  existsSync,
  statSync,
  appendFileSync,
  copyFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './render.js';
import {
  buildInitrd,
  buildReplacementModules,
  makeSigningKey,
  makeTempDir,
  FIXTURE_KVER,
  OTHER_KVER,
  type InitrdFormat,
} from '../helpers/pxe-fixtures.js';

const SCRIPT = join(repoRoot, 'roles/initrd_patch/files/initrd-patch.sh');
const DECOMPRESS: Record<InitrdFormat, string> = {
  xz: 'xz -dc',
  gzip: 'gzip -dc',
  zstd: 'zstd -q -dc',
  lz4: 'lz4 -q -dc',
  none: 'cat',
};

function patch(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('sh', [SCRIPT, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return {
    rc: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    result: /RESULT=(\S+)\s*$/.exec(r.stdout)?.[1],
  };
}

/** `cpio -tv` of the patched image: the main archive after an optional early cpio of `skip` bytes. */
function listing(img: string, format: InitrdFormat, skip = 0): string {
  const r = spawnSync(
    'sh',
    ['-c', `tail -c +${skip + 1} "$1" | ${DECOMPRESS[format]} | cpio -tv --quiet`, 'sh', img],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function extract(img: string, format: InitrdFormat, file: string, skip = 0): Buffer {
  const r = spawnSync('sh', [
    '-c',
    `tail -c +${skip + 1} "$1" | ${DECOMPRESS[format]} | cpio -i --quiet --to-stdout "$2"`,
    'sh',
    img,
    file,
  ]);
  return r.stdout;
}

describe('roles/initrd_patch script on fixture initrds', function () {
  this.timeout(180000);
  let t: ReturnType<typeof makeTempDir>;
  let mods: string;
  let workParent: string;
  before(function () {
    if (process.getuid?.() !== 0) this.skip(); // cpio keeps owners only as root
    t = makeTempDir('fabplay-initrd-test-');
    mods = join(t.dir, 'opxs');
    buildReplacementModules(mods);
    buildReplacementModules(join(t.dir, 'wrong'), OTHER_KVER);
    workParent = join(t.dir, 'work');
    mkdirSync(workParent);
  });
  after(() => t?.cleanup());

  const base = (input: string, output: string) => [
    '--input',
    input,
    '--output',
    output,
    '--module-dir',
    mods,
    '--module',
    'hfi1.ko',
    '--module',
    'rdmavt.ko',
    '--load',
    'ib_ipoib',
    '--workdir-parent',
    workParent,
  ];

  for (const format of ['xz', 'gzip', 'zstd', 'lz4'] as const) {
    it(`${format}: replaces hfi1 and rdmavt (.ko.xz, owned by root), adds ib_ipoib.conf, keeps the format`, () => {
      const input = buildInitrd(join(t.dir, `in-${format}.img`), { format });
      const output = join(t.dir, `out-${format}.img`);
      const r = patch(base(input, output));
      assert.equal(r.rc, 0, r.stderr);
      assert.equal(r.result, 'rebuilt');
      const list = listing(output, format);
      const kdir = `usr/lib/modules/${FIXTURE_KVER}/kernel/drivers/infiniband`;
      for (const m of [
        `${kdir}/hw/hfi1/hfi1.ko.xz`,
        `${kdir}/sw/rdmavt/rdmavt.ko.xz`,
        'usr/lib/modules-load.d/ib_ipoib.conf',
      ]) {
        assert.match(
          list,
          new RegExp(`^-rw-r--r-- +1 root +root .* ${m.replace(/\./g, '\\.')}$`, 'm'),
          `${m} in\n${list}`,
        );
      }
      assert.doesNotMatch(list, / 1000 /, 'every entry is owned by root');
      assert.match(list, /^lrwxrwxrwx .* lib -> usr\/lib$/m);
      // the new hfi1 inside is the replacement (its xz uses crc32, as the kernel wants)
      const ko = extract(output, format, `${kdir}/hw/hfi1/hfi1.ko.xz`);
      const koFile = join(t.dir, `hfi1-${format}.ko.xz`);
      writeFileSync(koFile, ko);
      const info = spawnSync('xz', ['--robot', '--list', koFile], { encoding: 'utf8' });
      assert.match(info.stdout, /\tCRC32\t/);
      const raw = spawnSync('xz', ['-dc'], { input: ko });
      assert.deepEqual(raw.stdout, readFileSync(join(mods, 'hfi1.ko')));
      assert.equal(
        extract(output, format, 'usr/lib/modules-load.d/ib_ipoib.conf').toString(),
        '# Load ib_ipoib at boot\nib_ipoib\n',
      );
      assert.match(
        extract(output, format, `usr/lib/modules/${FIXTURE_KVER}/modules.dep`).toString(),
        /hfi1\.ko\.xz:/,
      );
    });
  }

  it('keeps an uncompressed early cpio in front byte for byte', () => {
    const input = buildInitrd(join(t.dir, 'in-early.img'), { format: 'gzip', early: true });
    const output = join(t.dir, 'out-early.img');
    const r = patch(base(input, output));
    assert.equal(r.rc, 0, r.stderr);
    const size = Number(/early uncompressed cpio: (\d+) bytes/.exec(r.stdout)?.[1]);
    assert.ok(size > 0, r.stdout);
    assert.deepEqual(readFileSync(output).subarray(0, size), readFileSync(input).subarray(0, size));
    const early = spawnSync('sh', ['-c', `head -c ${size} "$1" | cpio -t --quiet`, 'sh', output], {
      encoding: 'utf8',
    });
    assert.match(early.stdout, /kernel\/x86\/microcode\/GenuineIntel.bin/);
    assert.match(listing(output, 'gzip', size), /modules-load\.d\/ib_ipoib\.conf/);
  });

  it('reruns without rebuilding (stamp of the inputs), check mode says so, a changed module rebuilds', () => {
    const input = buildInitrd(join(t.dir, 'in-idem.img'), { format: 'xz' });
    const output = join(t.dir, 'out-idem.img');
    assert.equal(patch([...base(input, output), '--check']).result, 'would-rebuild');
    assert.equal(existsSync(output), false, 'check mode writes nothing');
    assert.equal(patch(base(input, output)).result, 'rebuilt');
    const mtime = statSync(output).mtimeMs;
    assert.equal(patch(base(input, output)).result, 'unchanged');
    assert.equal(patch([...base(input, output), '--check']).result, 'unchanged');
    assert.equal(statSync(output).mtimeMs, mtime);
    assert.match(readFileSync(`${output}.stamp`, 'utf8'), new RegExp(`^kernel=${FIXTURE_KVER}$`, 'm'));
    appendFileSync(join(mods, 'rdmavt.ko'), Buffer.from([0]));
    try {
      assert.equal(patch([...base(input, output), '--check']).result, 'would-rebuild');
    } finally {
      buildReplacementModules(mods);
    }
    // the output damaged by hand is rebuilt too
    appendFileSync(output, 'x');
    assert.equal(patch(base(input, output)).result, 'rebuilt');
    assert.deepEqual(readdirSync(workParent), [], 'the temporary directory is gone');
  });

  it('rebuilds when the input, the loads or the kernel in the module directory change', () => {
    const input = buildInitrd(join(t.dir, 'in-inputs.img'), { format: 'gzip' });
    const output = join(t.dir, 'out-inputs.img');
    // %k in the module directory stands for the initrd's kernel: a directory per kernel version
    const perKernel = join(t.dir, 'per-kernel');
    mkdirSync(join(perKernel, FIXTURE_KVER), { recursive: true });
    for (const m of ['hfi1.ko', 'rdmavt.ko']) copyFileSync(join(mods, m), join(perKernel, FIXTURE_KVER, m));
    const args = (load: string) =>
      base(input, output).map((a) => (a === mods ? `${perKernel}/%k` : a === 'ib_ipoib' ? load : a));
    assert.equal(patch(args('ib_ipoib')).result, 'rebuilt');
    assert.equal(patch(args('ib_ipoib')).result, 'unchanged');
    assert.equal(patch(args('ib_umad')).result, 'rebuilt', 'another module to load');
    assert.equal(patch(args('ib_umad')).result, 'unchanged');
    appendFileSync(join(perKernel, FIXTURE_KVER, 'hfi1.ko'), Buffer.from([0]));
    assert.equal(patch([...args('ib_umad'), '--check']).result, 'would-rebuild', 'a module changed');
    copyFileSync(join(mods, 'hfi1.ko'), join(perKernel, FIXTURE_KVER, 'hfi1.ko'));
    assert.equal(patch(args('ib_umad')).result, 'unchanged', 'the module is back as it was');
    buildInitrd(input, { format: 'xz' });
    assert.equal(patch(args('ib_umad')).result, 'rebuilt', 'another input');
    assert.equal(patch(args('ib_umad')).result, 'unchanged');
  });

  it('refuses a module built for another kernel, naming both versions, before replacing anything', () => {
    const input = buildInitrd(join(t.dir, 'in-bad.img'), { format: 'xz' });
    const output = join(t.dir, 'out-bad.img');
    const r = patch([...base(input, output), '--module', join(t.dir, 'wrong/hfi1.ko')]);
    assert.equal(r.rc, 3);
    assert.match(
      r.stderr,
      new RegExp(
        `built for kernel ${OTHER_KVER.replace(/\./g, '\\.')}, but the initrd's kernel is ${FIXTURE_KVER.replace(/\./g, '\\.')}`,
      ),
    );
    assert.equal(existsSync(output), false);
    assert.equal(existsSync(`${output}.stamp`), false);
    assert.deepEqual(readdirSync(workParent), [], 'the temporary directory is removed on failure too');
  });

  it('with --require-signed: names each signer, and stops at an unsigned module before rebuilding', () => {
    const key = makeSigningKey(join(t.dir, 'key'), 'Cornelis test signing key');
    const signed = join(t.dir, 'signed');
    buildReplacementModules(signed, FIXTURE_KVER, key);
    const input = buildInitrd(join(t.dir, 'in-sig.img'), { format: 'xz' });
    const output = join(t.dir, 'out-sig.img');
    const withDir = (dir: string) => [
      ...base(input, output).map((a) => (a === mods ? dir : a)),
      '--require-signed',
    ];
    const bad = patch(withDir(mods));
    assert.equal(bad.rc, 3);
    assert.match(
      bad.stderr,
      new RegExp(`module ${mods}/hfi1\\.ko is not signed .*Sign it with a key enrolled`),
    );
    assert.equal(existsSync(output), false, 'nothing rebuilt');
    assert.deepEqual(readdirSync(workParent), []);
    const good = patch(withDir(signed));
    assert.equal(good.result, 'rebuilt', good.stderr);
    assert.match(good.stdout, /^module hfi1\.ko: signed by Cornelis test signing key$/m);
    assert.match(good.stdout, /^module rdmavt\.ko: signed by Cornelis test signing key$/m);
    const inImage = extract(
      output,
      'xz',
      `usr/lib/modules/${FIXTURE_KVER}/kernel/drivers/infiniband/hw/hfi1/hfi1.ko.xz`,
    );
    const ko = join(t.dir, 'from-image.ko.xz');
    writeFileSync(ko, inImage);
    const signer = spawnSync('modinfo', ['-F', 'signer', ko], { encoding: 'utf8' }).stdout.trim();
    assert.equal(signer, 'Cornelis test signing key', 'the signature survives the recompression');
  });

  it('refuses an unknown format and a missing module with a clear message', () => {
    const junk = join(t.dir, 'junk.img');
    appendFileSync(junk, 'BZh91AY&SY not an initrd');
    const r1 = patch(base(junk, join(t.dir, 'out-junk.img')));
    assert.equal(r1.rc, 3);
    assert.match(r1.stderr, /unknown initrd format/);
    const input = buildInitrd(join(t.dir, 'in-miss.img'), { format: 'xz' });
    const r2 = patch([...base(input, join(t.dir, 'out-miss.img')), '--module', 'nosuch.ko']);
    assert.equal(r2.rc, 3);
    assert.match(r2.stderr, new RegExp(`module ${mods}/nosuch.ko: not a readable file`));
    assert.deepEqual(readdirSync(workParent), []);
  });
});
