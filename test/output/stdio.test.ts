import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { openSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, tsxLoader } from '../helpers/cli.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

/**
 * A child that writes `lines` numbered lines through the output's sinks (one line on stderr every
 * thousand), then says on stderr how many times Node's stdout stream was asked for and whether
 * stdout is a terminal. Node's own getter is counted before installStdio wraps it.
 */
const CHILD = (stdio: string) => `
import { writeSync } from 'node:fs';
import { installStdio, standardError, standardOutput } from ${JSON.stringify(stdio)};
let made = 0;
const d = Object.getOwnPropertyDescriptor(process, 'stdout')!;
Object.defineProperty(process, 'stdout', { ...d, get() { made++; return d.get!.call(process); } });
installStdio(true);
const lines = Number(process.argv[2]);
for (let i = 0; i < lines; i++) {
  standardOutput.write(\`line \${i} \${'x'.repeat(90)}\\n\`);
  if (i % 1000 === 0) standardError.write(\`at \${i}\\n\`);
}
const terminal = standardOutput.isTerminal();
standardOutput.write('', () => writeSync(2, \`made=\${made} terminal=\${terminal}\\n\`));
`;

function child(): string {
  const dir = tempDirUntilExit('fabplay-stdio');
  const file = join(dir, 'child.ts');
  writeFileSync(file, CHILD(pathToFileURL(join(repoRoot, 'src/output/stdio.ts')).href));
  return file;
}

function assertLines(stdout: string, lines: number): void {
  const got = stdout.split('\n');
  assert.equal(got.pop(), '');
  assert.equal(got.length, lines);
  got.forEach((l, i) => assert.ok(l.startsWith(`line ${i} `), `line ${i}: ${l.slice(0, 20)}`));
}

describe('the output sinks (stdout and stderr without Node streams)', function () {
  this.timeout(60_000);

  it('write a pipe directly, in order and whole, without making process.stdout or stderr', () => {
    // the built CLI as a user runs it, into a shell's pipe (blocking: Node's spawn, and tsx's
    // esbuild, leave theirs non-blocking, see below); the preload counts Node's getters' calls
    const dir = tempDirUntilExit('fabplay-stdio-cli');
    const counter = join(dir, 'count-streams.cjs');
    writeFileSync(
      counter,
      `const made = { stdout: 0, stderr: 0 };
for (const k of Object.keys(made)) {
  const d = Object.getOwnPropertyDescriptor(process, k);
  Object.defineProperty(process, k, { ...d, get() { made[k]++; return d.get.call(process); } });
}
process.on('exit', () => require('fs').writeSync(2, 'made=' + JSON.stringify(made) + '\\n'));
`,
    );
    writeFileSync(join(dir, 'inventory'), 'localhost ansible_connection=local\n');
    const tasks = Array.from({ length: 300 }, (_, i) => `    - debug: { msg: "line ${i}" }`).join('\n');
    writeFileSync(join(dir, 'site.yml'), `- hosts: localhost\n  gather_facts: false\n  tasks:\n${tasks}\n`);
    const r = spawnSync(
      'sh',
      [
        '-c',
        '"$0" -r "$1" "$2" run site.yml -i inventory | cat',
        process.execPath,
        counter,
        join(repoRoot, 'bin/fabplay.js'),
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const msgs = [...r.stdout.matchAll(/"msg": "line (\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(
      msgs,
      Array.from({ length: 300 }, (_, i) => i),
    );
    assert.match(r.stdout, /PLAY RECAP \*+\nlocalhost +: ok=300 /);
    assert.equal(r.stderr, 'made={"stdout":0,"stderr":0}\n');
  });

  it('write /dev/null directly', () => {
    const devNull = openSync('/dev/null', 'w');
    try {
      const r = spawnSync(process.execPath, ['--import', tsxLoader, child(), '100'], {
        stdio: ['ignore', devNull, 'pipe'],
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /made=0 terminal=false\n$/);
    } finally {
      closeSync(devNull);
    }
  });

  it('hand a full non-blocking pipe over to Node stream, nothing lost or reordered', async () => {
    // the reader set the pipe non-blocking (as Node does to its end) and reads only later: the
    // 2 MB do not fit in the pipe's 64 KB, so a write meets EAGAIN
    const setNonBlocking =
      'import fcntl, os, sys; fcntl.fcntl(1, fcntl.F_SETFL, fcntl.fcntl(1, fcntl.F_GETFL) | os.O_NONBLOCK); os.execvp(sys.argv[1], sys.argv[1:])';
    const p = spawn('python3', [
      '-c',
      setNonBlocking,
      process.execPath,
      '--import',
      tsxLoader,
      child(),
      '20000',
    ]);
    p.stdout.pause();
    const out: Buffer[] = [];
    let err = '';
    p.stderr.on('data', (b: Buffer) => (err += b.toString()));
    await new Promise((r) => setTimeout(r, 500));
    p.stdout.on('data', (b: Buffer) => out.push(b));
    p.stdout.resume();
    const code = await new Promise((r) => p.on('close', r));
    assert.equal(code, 0, err);
    assertLines(Buffer.concat(out).toString(), 20000);
    assert.match(err, /made=1 terminal=false\n$/);
  });

  it('leave Node streams to code that runs the CLI in a process of its own (a test capturing writes)', () => {
    // process.stdout made and its write replaced before main() runs, as an in-process test does
    const stdio = pathToFileURL(join(repoRoot, 'src/output/stdio.ts')).href;
    const script = `
      const { installStdio, standardOutput } = await import(${JSON.stringify(stdio)});
      const seen = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = (text, ...rest) => (seen.push(String(text)), true);
      installStdio(false);
      standardOutput.write('captured\\n');
      process.stdout.write = write;
      console.log(JSON.stringify(seen));
    `;
    const r = spawnSync(process.execPath, ['--import', tsxLoader, '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '["captured\\n"]\n');
  });

  it('leave a terminal to Node stream', () => {
    const r = spawnSync(
      'script',
      ['-qfec', `${process.execPath} --import ${tsxLoader} ${child()} 3`, '/dev/null'],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /line 2 x+\r?\n/);
    assert.match(r.stdout, /made=[1-9]\d* terminal=true/);
  });
});
