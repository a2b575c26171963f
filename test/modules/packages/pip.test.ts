import assert from 'node:assert/strict';
import { pip } from '../../../src/modules/packages/pip.js';
import {
  isInstalled,
  parseRequirement,
  recoverNames,
  withVersion,
} from '../../../src/modules/packages/pip-requirement.js';
import { specifierContains } from '../../../src/modules/packages/pip-version.js';
import { fakeContext } from '../commands/helpers.js';

/**
 * The tables below were recorded by running ansible-core 2.14's pip.Package (Debian's setuptools
 * 66.1.1, its packaging 21.3) over each case: Package(x + spec).is_satisfied_by(version),
 * str(Package(raw)) and its canonical package_name (null: not a requirement).
 */
const VERSIONS = [
  '1.0',
  '1.0.0',
  '1.0.post1',
  '1.0+loc',
  '1.0+loc.2',
  '1.1',
  '1.4',
  '1.4.5',
  '1.5',
  '2.0rc1',
  '2.0',
  '2.0.dev1',
  '2.0a1.dev2',
  '1!1.0',
  '0.9',
  '1.0rc1',
  '1.0.dev0',
  '1.0.post1.dev1',
  '1.4.2',
  '2.0.post1',
];
const SATISFIED: Record<string, string[]> = {
  '==1.0': ['1.0', '1.0.0', '1.0+loc', '1.0+loc.2'],
  '==1.0.0': ['1.0', '1.0.0', '1.0+loc', '1.0+loc.2'],
  '==1.*': [
    '1.0',
    '1.0.0',
    '1.0.post1',
    '1.0+loc',
    '1.0+loc.2',
    '1.1',
    '1.4',
    '1.4.5',
    '1.5',
    '1.0rc1',
    '1.0.dev0',
    '1.0.post1.dev1',
    '1.4.2',
  ],
  '==1.0.*': ['1.0', '1.0.0', '1.0.post1', '1.0+loc', '1.0+loc.2', '1.0rc1', '1.0.dev0', '1.0.post1.dev1'],
  '!=1.0': [
    '1.0.post1',
    '1.1',
    '1.4',
    '1.4.5',
    '1.5',
    '2.0rc1',
    '2.0',
    '2.0.dev1',
    '2.0a1.dev2',
    '1!1.0',
    '0.9',
    '1.0rc1',
    '1.0.dev0',
    '1.0.post1.dev1',
    '1.4.2',
    '2.0.post1',
  ],
  '!=1.*': ['2.0rc1', '2.0', '2.0.dev1', '2.0a1.dev2', '1!1.0', '0.9', '2.0.post1'],
  '~=1.4': ['1.4', '1.4.5', '1.5', '1.4.2'],
  '~=1.4.2': ['1.4.5', '1.4.2'],
  '<2.0': [
    '1.0',
    '1.0.0',
    '1.0.post1',
    '1.0+loc',
    '1.0+loc.2',
    '1.1',
    '1.4',
    '1.4.5',
    '1.5',
    '0.9',
    '1.0rc1',
    '1.0.dev0',
    '1.0.post1.dev1',
    '1.4.2',
  ],
  '<=2.0': [
    '1.0',
    '1.0.0',
    '1.0.post1',
    '1.0+loc',
    '1.0+loc.2',
    '1.1',
    '1.4',
    '1.4.5',
    '1.5',
    '2.0rc1',
    '2.0',
    '2.0.dev1',
    '2.0a1.dev2',
    '0.9',
    '1.0rc1',
    '1.0.dev0',
    '1.0.post1.dev1',
    '1.4.2',
  ],
  '>1.0': [
    '1.1',
    '1.4',
    '1.4.5',
    '1.5',
    '2.0rc1',
    '2.0',
    '2.0.dev1',
    '2.0a1.dev2',
    '1!1.0',
    '1.4.2',
    '2.0.post1',
  ],
  '>=1.0': [
    '1.0',
    '1.0.0',
    '1.0.post1',
    '1.0+loc',
    '1.0+loc.2',
    '1.1',
    '1.4',
    '1.4.5',
    '1.5',
    '2.0rc1',
    '2.0',
    '2.0.dev1',
    '2.0a1.dev2',
    '1!1.0',
    '1.0.post1.dev1',
    '1.4.2',
    '2.0.post1',
  ],
  '<2.0rc2': [
    '1.0',
    '1.0.0',
    '1.0.post1',
    '1.0+loc',
    '1.0+loc.2',
    '1.1',
    '1.4',
    '1.4.5',
    '1.5',
    '2.0rc1',
    '2.0.dev1',
    '2.0a1.dev2',
    '0.9',
    '1.0rc1',
    '1.0.dev0',
    '1.0.post1.dev1',
    '1.4.2',
  ],
  '>1.0.post1': [
    '1.1',
    '1.4',
    '1.4.5',
    '1.5',
    '2.0rc1',
    '2.0',
    '2.0.dev1',
    '2.0a1.dev2',
    '1!1.0',
    '1.4.2',
    '2.0.post1',
  ],
  '===1.0': ['1.0'],
  '==1.0+loc': ['1.0+loc'],
  '==2.0rc1': ['2.0rc1'],
  '==1!1.0': ['1!1.0'],
  '>1!0.5': ['1!1.0'],
  '~=1.4.2.post1': ['1.4.5'],
  '>=1.0a1': [
    '1.0',
    '1.0.0',
    '1.0.post1',
    '1.0+loc',
    '1.0+loc.2',
    '1.1',
    '1.4',
    '1.4.5',
    '1.5',
    '2.0rc1',
    '2.0',
    '2.0.dev1',
    '2.0a1.dev2',
    '1!1.0',
    '1.0rc1',
    '1.0.post1.dev1',
    '1.4.2',
    '2.0.post1',
  ],
};
const SPELLED: [string, string, string | null][] = [
  ['bottle>0.10,<0.20,!=0.11', 'bottle!=0.11,<0.20,>0.10', 'bottle'],
  ['Fab.Demo >= 0.5', 'Fab.Demo>=0.5', 'fab-demo'],
  ['foo[b,a]==1.0', 'foo[a,b]==1.0', 'foo'],
  ['foo [ x ] (>=1,<2)', 'foo[x]<2,>=1', 'foo'],
  ['foo@ file:///x.whl', 'foo@ file:///x.whl', 'foo'],
  ['foo @ https://e/x.zip', 'foo@ https://e/x.zip', 'foo'],
  ['./dir', './dir', null],
  ['git+https://g/x#egg=x', 'git+https://g/x#egg=x', null],
  ['foo>=1.0,>=1.0', 'foo>=1.0', 'foo'],
  ['foo==1.*', 'foo==1.*', 'foo'],
  ['foo~=1.4.2', 'foo~=1.4.2', 'foo'],
  ['foo===1.0-x', 'foo===1.0-x', 'foo'],
  ['foo>=abc', 'foo>=abc', 'foo'],
  ['foo==', 'foo==', 'foo'],
  ['Foo_Bar', 'Foo_Bar', 'foo-bar'],
  ['foo>=1.0.0rc1', 'foo>=1.0.0rc1', 'foo'],
  ['1foo', '1foo', '1foo'],
  ['foo bar', 'foo bar', null],
];

describe('modules/packages: pip requirements and PEP 440 specifiers (recorded from Ansible)', () => {
  it('matches versions against specifiers as pkg_resources does, pre-releases allowed', () => {
    for (const [spec, want] of Object.entries(SATISFIED)) {
      const [, op, v] = /^(===|==|!=|~=|<=|>=|<|>)(.*)$/.exec(spec)!;
      const got = VERSIONS.filter((x) => specifierContains(op!, v!, x));
      assert.deepEqual(got, want, spec);
    }
  });

  it('spells each requirement as setuptools does (what pip is given), or keeps what is not one', () => {
    for (const [raw, text, project] of SPELLED) {
      const r = parseRequirement(raw);
      assert.deepEqual([r.text, r.project ?? null], [text, project], raw);
    }
  });

  it('joins bare specifiers to the name before them, and folds in version', () => {
    assert.deepEqual(
      recoverNames(['django>1.11.1', '<1.11.3', 'ipaddress', 'simpleproject>1.1.0', '<2.0.0']),
      ['django>1.11.1,<1.11.3', 'ipaddress', 'simpleproject>1.1.0,<2.0.0'],
    );
    assert.deepEqual(recoverNames(['django>1.11.1,<1.11.3,ipaddress']), [
      'django>1.11.1,<1.11.3',
      'ipaddress',
    ]);
    assert.deepEqual(recoverNames(['a[x,y]>1', 'b']), ['a[x,y]>1', 'b']);
    const cases: [string, string, string][] = [
      ['foo', '1.0', 'foo==1.0'],
      ['foo', '>=1.0,<2', 'foo<2,>=1.0'],
      ['foo', ' 1.2', 'foo==1.2'],
      ['foo[x]', '~=1.2', 'foo[x]~=1.2'],
    ];
    for (const [n, v, want] of cases) assert.equal(withVersion(parseRequirement(n), v).text, want);
  });

  it('finds a requirement in pip list output by its canonical name', () => {
    const lines = ['Fab-Demo==1.0', 'pip==23.0.1', 'odd line'];
    assert.equal(isInstalled(parseRequirement('fab_demo>=1'), lines), true);
    assert.equal(isInstalled(parseRequirement('fab.demo<1'), lines), false);
    assert.equal(isInstalled(parseRequirement('./fab_demo'), lines), false);
  });
});

describe('modules/packages: pip refuses what it cannot do, with Ansible words', () => {
  const failure = async (args: Record<string, unknown>) => {
    const r = await pip.run(fakeContext(), args);
    assert.equal(r.failed, true, JSON.stringify(r));
    return r;
  };

  it('fails a umask that is not octal, and version with state latest', async () => {
    const r = await failure({ name: ['x'], umask: '0089' });
    assert.equal(r.msg, 'umask must be an octal integer');
    assert.equal(r.details, "invalid literal for int() with base 8: '0089'");
    assert.equal(
      (await failure({ name: ['x'], version: '1', state: 'latest' })).msg,
      'version is incompatible with state=latest',
    );
  });

  it('refuses relative chdir and virtualenv, and names with environment markers', async () => {
    assert.match(String((await failure({ name: ['x'], chdir: 'rel' })).msg), /chdir as an absolute path/);
    assert.match(
      String((await failure({ name: ['x'], virtualenv: 'venv' })).msg),
      /virtualenv as an absolute path/,
    );
    const r = await failure({ name: ['x; python_version > "3"'], executable: '/bin/pip3' });
    assert.match(String(r.msg), /environment markers/);
  });

  it('needs name or requirements, never both, and not executable with virtualenv', async () => {
    assert.match(String((await failure({})).msg), /one of the following is required: name, requirements/);
    assert.match(String((await failure({ name: ['x'], requirements: 'r.txt' })).msg), /mutually exclusive/);
    assert.match(
      String((await failure({ name: ['x'], executable: '/p', virtualenv: '/v' })).msg),
      /mutually exclusive: executable\|virtualenv/,
    );
  });
});
