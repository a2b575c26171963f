// The module_utils a module of the user's own gets (module-utils-deps.ts), beside what Ansible's
// own recursive_finder (module_common.py) puts in AnsiballZ for the same source, on the
// installed Ansible's module_utils and modules, and on a custom module_utils directory.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansibleModuleUtilsDir, controllerPython } from '../../../src/modules/own/module-utils.js';
import {
  MissingModuleUtils,
  moduleUtilsFiles,
  PACKAGE_STUBS,
} from '../../../src/modules/own/module-utils-deps.js';
import { moduleUtilsImports } from '../../../src/modules/own/python-imports.js';
import { zipArchive } from '../../../src/util/zip-writer.js';
import { makeTempDir } from '../../helpers/pxe-fixtures.js';

/** What Ansible's recursive_finder zips for each source, with the custom directories configured */
const FINDER = String.raw`
import io, json, sys, zipfile
from ansible.executor import module_common
from ansible.plugins.loader import module_utils_loader
for d in json.loads(sys.argv[1]):
    module_utils_loader.add_directory(d)
out = []
for path in json.loads(sys.argv[2]):
    z = zipfile.ZipFile(io.BytesIO(), 'w')
    try:
        module_common.recursive_finder('x', 'ansible.modules.x', open(path, 'rb').read(), z)
        out.append(sorted(z.namelist()))
    except Exception as e:
        out.append(str(e))
print(json.dumps(out))
`;

function ansibleFinds(files: string[], customDirs: string[] = []): (string[] | string)[] {
  const [python, ...options] = controllerPython();
  const out = execFileSync(
    python!,
    [...options, '-c', FINDER, JSON.stringify(customDirs), JSON.stringify(files)],
    { encoding: 'utf8' },
  );
  return JSON.parse(out) as (string[] | string)[];
}

function fabplayFinds(file: string, dirs: string[]): string[] | string {
  try {
    const found = moduleUtilsFiles(readFileSync(file, 'utf8'), dirs, 'ansible.modules.x');
    return [...Object.keys(PACKAGE_STUBS), ...found.keys()].sort();
  } catch (e) {
    if (!(e instanceof MissingModuleUtils)) throw e;
    return e.message;
  }
}

describe('modules/own: the module_utils a module imports', function () {
  this.timeout(60_000);
  const utils = ansibleModuleUtilsDir();
  before(function () {
    if (utils instanceof Error) throw utils;
  });

  it("finds the files Ansible's recursive_finder sends, for each module of the installed Ansible", () => {
    const modules = join(utils as string, '..', 'modules');
    const files = readdirSync(modules)
      .filter((n) => n.endsWith('.py') && !n.startsWith('_'))
      .map((n) => join(modules, n));
    assert.ok(files.length > 50, `modules in ${modules}`);
    const want = ansibleFinds(files);
    const differing = files.filter(
      (f, i) => JSON.stringify(fabplayFinds(f, [utils as string])) !== JSON.stringify(want[i]),
    );
    assert.deepEqual(differing, []);
    // the walk is transitive: setup's facts reach far
    const setup = want[files.findIndex((f) => f.endsWith('/setup.py'))] as string[];
    assert.ok(setup.includes('ansible/module_utils/facts/system/distribution.py'), setup.join(' '));
    assert.ok(!setup.includes('ansible/module_utils/urls.py'));
  });

  it('finds them in a custom module_utils directory first: packages, relative imports, optional and missing imports', () => {
    const tmp = makeTempDir('fabplay-mu-deps-');
    try {
      const d = tmp.dir;
      const custom = join(d, 'module_utils');
      mkdirSync(join(custom, 'mine'), { recursive: true });
      writeFileSync(join(custom, 'mine', '__init__.py'), 'from .helper import shout\n');
      writeFileSync(
        join(custom, 'mine', 'helper.py'),
        [
          'from ansible.module_utils.common.text.converters import (',
          '    to_text,  # a comment',
          ')',
          'from . import quiet',
          'try:',
          '    from ansible.module_utils.not_there import x',
          'except ImportError:',
          '    x = None',
          'def shout(t): return to_text(t).upper()',
        ].join('\n'),
      );
      writeFileSync(join(custom, 'mine', 'quiet.py'), 'import ansible.module_utils.json_utils\n');
      // the user's own json_utils comes before Ansible's
      writeFileSync(
        join(custom, 'json_utils.py'),
        'from ansible.module_utils.ansible_release import __version__\n',
      );
      const module = join(d, 'mod.py');
      writeFileSync(
        module,
        [
          '#!/usr/bin/python',
          'DOCUMENTATION = """',
          'from ansible.module_utils.urls import open_url',
          '"""',
          'from ansible.module_utils.basic import AnsibleModule; from ansible.module_utils.mine import shout',
          '# import ansible.module_utils.facts',
        ].join('\n'),
      );
      const broken = join(d, 'broken.py');
      writeFileSync(broken, 'from ansible.module_utils.mine.nothing_here import f\n');
      const dirs = [custom, utils as string];
      const [want, wantBroken] = ansibleFinds([module, broken], [custom]);
      const got = fabplayFinds(module, dirs);
      assert.deepEqual(got, want);
      for (const f of [
        'mine/__init__.py',
        'mine/helper.py',
        'mine/quiet.py',
        'json_utils.py',
        'ansible_release.py',
      ])
        assert.ok((got as string[]).includes(`ansible/module_utils/${f}`), f);
      assert.ok(!(got as string[]).includes('ansible/module_utils/urls.py'), 'a docstring is no import');
      const files = moduleUtilsFiles(readFileSync(module, 'utf8'), dirs, 'ansible.modules.x');
      assert.equal(files.get('ansible/module_utils/json_utils.py'), join(custom, 'json_utils.py'));
      assert.equal(fabplayFinds(broken, dirs), wantBroken);
      assert.match(String(wantBroken), /Could not find imported module support code for ansible\.modules\.x/);
    } finally {
      tmp.cleanup();
    }
  });

  it('reads import statements across lines, after semicolons, in blocks as optional', () => {
    const src = [
      'import os, ansible.module_utils.a as a, \\',
      '    ansible.module_utils.b',
      "x = 'import ansible.module_utils.c'",
      'if x:',
      '    from ansible.module_utils.d import (e,',
      '        f as g)',
      "y = '''",
      'from ansible.module_utils.h import i',
      "'''; from ..module_utils.j import k",
    ].join('\n');
    assert.deepEqual(moduleUtilsImports(src, 'ansible.modules.x'), [
      { parts: ['ansible', 'module_utils', 'a'], optional: false },
      { parts: ['ansible', 'module_utils', 'b'], optional: false },
      { parts: ['ansible', 'module_utils', 'd', 'e'], optional: true },
      { parts: ['ansible', 'module_utils', 'd', 'f'], optional: true },
      { parts: ['ansible', 'module_utils', 'j', 'k'], optional: false },
    ]);
  });

  it('zips them so that Python imports from the zip', () => {
    const tmp = makeTempDir('fabplay-zip-');
    try {
      const zip = join(tmp.dir, 'm.zip');
      writeFileSync(
        zip,
        zipArchive([
          { name: 'pkg/__init__.py', data: Buffer.from('') },
          { name: 'pkg/mod.py', data: Buffer.from('WORD = "zipped é"\n'.repeat(50)) },
        ]),
      );
      const [python] = controllerPython();
      const out = execFileSync(
        python!,
        ['-c', 'import sys; sys.path.insert(0, sys.argv[1]); import pkg.mod; print(pkg.mod.WORD)', zip],
        {
          encoding: 'utf8',
        },
      );
      assert.equal(out, 'zipped é\n');
    } finally {
      tmp.cleanup();
    }
  });
});
