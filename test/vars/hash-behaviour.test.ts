import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExtraVars } from '../../src/cli/extra-vars.js';
import { loadConfig } from '../../src/config/index.js';
import { Templar, UnsafeText, isUnsafe, markUnsafe } from '../../src/template/index.js';
import { combineInto, combinedMappings, mergeHash, setHashBehaviour } from '../../src/vars/hash-behaviour.js';
import { combineFailure } from '../../src/modules/logic/include-vars-combine.js';
import { composeVars } from '../../src/vars/precedence.js';
import { varsMapping } from '../../src/playbook/schema.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

describe('hash_behaviour', () => {
  afterEach(() => setHashBehaviour('replace'));

  describe("include_vars' own hash_behaviour (Ansible's combine_vars with merge given)", () => {
    it("replace: the file's keys over the current value, one level; merge: recursively", () => {
      const current = { a: { x: 1 }, b: 1 };
      assert.deepEqual(combinedMappings(current, { a: { y: 2 } }, 'replace'), { a: { y: 2 }, b: 1 });
      assert.deepEqual(combinedMappings(current, { a: { y: 2 } }, 'merge'), { a: { x: 1, y: 2 }, b: 1 });
    });

    it("no mapping on either side: nothing to combine, and the failure in Ansible's words", () => {
      assert.equal(combinedMappings(undefined, { n: 1 }, 'replace'), undefined);
      assert.equal(combinedMappings({ k: 0 }, 'text', 'merge'), undefined);
      assert.equal(
        combineFailure(undefined, { n: 1 }),
        "failed to combine variables, expected dicts but got a 'NoneType' and a 'AnsibleMapping': \nnull\n{\"n\": 1}",
      );
      assert.equal(
        combineFailure({ k: 0 }, 'text'),
        'failed to combine variables, expected dicts but got a \'dict\' and a \'AnsibleUnicode\': \n{"k": 0}\n"text"',
      );
    });
  });

  describe('mergeHash (Ansible merge_hash, list_merge=replace)', () => {
    it('merges mappings recursively, the second winning; lists and scalars are replaced', () => {
      const x = { a: 1, keep: 'x', n: { p: 1, q: { r: 1 } }, l: [1, 2], s: { t: 1 } };
      const y = { a: 2, n: { q: { s: 2 }, z: 3 }, l: [3], s: 'text', add: true };
      assert.deepEqual(mergeHash(x, y), {
        a: 2,
        keep: 'x',
        n: { p: 1, q: { r: 1, s: 2 }, z: 3 },
        l: [3],
        s: 'text',
        add: true,
      });
      // neither side changes
      assert.deepEqual(x.n, { p: 1, q: { r: 1 } });
      assert.deepEqual(y.n, { q: { s: 2 }, z: 3 });
    });

    it('keeps the first side key order, new keys after (as a Python dict copy)', () => {
      assert.deepEqual(Object.keys(mergeHash({ b: 1, a: 1 }, { c: 1, a: 2 })), ['b', 'a', 'c']);
    });

    it('what came from a host (an unsafe mapping) stays unsafe in the merged one', () => {
      const fromHost = markUnsafe({ cmd: '{{ boom }}', n: { x: 1 } });
      const m = mergeHash(fromHost, { n: { y: 2 } });
      assert.ok(m.cmd instanceof UnsafeText);
      assert.equal(new Templar({ m }).template('{{ m.cmd }}'), '{{ boom }}');
      assert.deepEqual(JSON.parse(JSON.stringify(m.n)), { x: 1, y: 2 });
    });
  });

  describe('combineInto', () => {
    it('replaces whole values by default and merges mappings with merge', () => {
      assert.deepEqual(combineInto({ d: { a: 1 } }, { d: { b: 2 } }), { d: { b: 2 } });
      setHashBehaviour('merge');
      assert.deepEqual(combineInto({ d: { a: 1 } }, { d: { b: 2 } }), { d: { a: 1, b: 2 } });
      assert.deepEqual(combineInto({ d: { a: 1 } }, { d: null }), { d: null });
    });

    it('never merges into a class instance (unsafe text, a view)', () => {
      setHashBehaviour('merge');
      const boxed = new UnsafeText('x');
      assert.deepEqual(combineInto({ d: { a: 1 } }, { d: boxed }), { d: boxed });
      assert.equal(isUnsafe(combineInto({}, { d: boxed }).d), true);
    });
  });

  describe('composeVars with merge', () => {
    it('merges mappings across the precedence layers', () => {
      setHashBehaviour('merge');
      const v = composeVars({
        roleDefaults: { cfg: { a: 1, b: 1, l: [1] } },
        inventory: { cfg: { b: 2 } },
        playVars: { cfg: { c: 3, l: [2] } },
        extraVars: { cfg: { e: 5 } },
      });
      assert.deepEqual(v.cfg, { a: 1, b: 2, l: [2], c: 3, e: 5 });
    });

    it('block and task vars replace each other first, as Ansible Task.get_vars', () => {
      setHashBehaviour('merge');
      const v = composeVars({
        playVars: { cfg: { play: 1 } },
        blockVars: [{ cfg: { outer: 1 } }, { cfg: { inner: 1 } }],
        taskVars: { cfg: { task: 1 } },
      });
      assert.deepEqual(v.cfg, { play: 1, task: 1 });
      const b = composeVars({ playVars: { cfg: { play: 1 } }, blockVars: [{ cfg: { inner: 1 } }] });
      assert.deepEqual(b.cfg, { play: 1, inner: 1 });
    });

    it('magic variables and ansible_facts are set, not merged', () => {
      setHashBehaviour('merge');
      const v = composeVars({
        playVars: { groups: { mine: ['x'] }, ansible_facts: { own: 1 } },
        facts: { os_family: 'Debian' },
        magic: { groups: { all: ['h'] } },
      });
      assert.deepEqual(v.groups, { all: ['h'] });
      // play vars are above facts: ansible_facts from play vars merges with the facts below
      assert.deepEqual(JSON.parse(JSON.stringify(v.ansible_facts)), { os_family: 'Debian', own: 1 });
    });
  });

  it('-e values and a `vars:` list combine by the behaviour', () => {
    setHashBehaviour('merge');
    assert.deepEqual(parseExtraVars(['{"d": {"a": 1}}', '{"d": {"b": 2}}']), { d: { a: 1, b: 2 } });
    assert.deepEqual(varsMapping([{ d: { a: 1 } }, { d: { b: 2 } }]), { d: { a: 1, b: 2 } });
    setHashBehaviour('replace');
    assert.deepEqual(parseExtraVars(['{"d": {"a": 1}}', '{"d": {"b": 2}}']), { d: { b: 2 } });
  });

  it('is read from [defaults] hash_behaviour and ANSIBLE_HASH_BEHAVIOUR; other values are refused', () => {
    const dir = tempDirUntilExit('hash-cfg');
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\nhash_behaviour = merge\n');
    assert.equal(loadConfig({ cwd: dir, env: {} }).hashBehaviour?.value, 'merge');
    const env = { ANSIBLE_HASH_BEHAVIOUR: 'replace' };
    assert.equal(loadConfig({ cwd: dir, env }).hashBehaviour?.value, 'replace');
    assert.equal(loadConfig({ cwd: tmpdir(), env: {} }).hashBehaviour?.value, 'replace');
    assert.throws(
      () => loadConfig({ cwd: dir, env: { ANSIBLE_HASH_BEHAVIOUR: 'deep' } }),
      /ANSIBLE_HASH_BEHAVIOUR: hash_behaviour must be 'replace' or 'merge', got 'deep'/,
    );
  });
});
