import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirUntilExit } from '../helpers/temp-dir.js';
import { openFactCache, withFacts } from '../../src/executor/fact-cache.js';
import { factVars } from '../../src/vars/precedence.js';
import { runYaml } from './run-helper.js';

function jsonCache(dir: string, timeout = 86400) {
  return openFactCache({ plugin: 'jsonfile', connection: dir, prefix: 'pre_', timeout })!;
}

describe('fact cache (fact_caching = jsonfile)', () => {
  it('keeps one JSON file per host, merges updates, forgets expired and removed hosts', () => {
    const dir = join(tempDirUntilExit('fabplay-fc'), 'cache');
    const cache = jsonCache(dir);
    cache.update('h1', { ansible_a: 1 });
    cache.update('h1', { b: 'two' });
    assert.deepEqual(readdirSync(dir), ['pre_h1']);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'pre_h1'), 'utf8')), { ansible_a: 1, b: 'two' });
    assert.equal(cache.get('h2'), undefined);
    const old = new Date(Date.now() - 100_000 * 1000);
    utimesSync(join(dir, 'pre_h1'), old, old);
    assert.equal(cache.get('h1'), undefined);
    assert.deepEqual(jsonCache(dir, 0).get('h1'), { ansible_a: 1, b: 'two' });
    cache.remove('h1');
    assert.equal(existsSync(join(dir, 'pre_h1')), false);
  });

  it('memory keeps nothing; another plugin is refused with the ones fabplay has', () => {
    assert.equal(openFactCache({ plugin: 'memory', prefix: 'x', timeout: 0 }), undefined);
    assert.throws(
      () => openFactCache({ plugin: 'redis', connection: '/tmp', prefix: 'x', timeout: 0 }),
      /fact_caching 'redis' is not available/,
    );
  });

  it('a cacheable set_fact is seen by the next run, a plain one is not', async () => {
    const dir = tempDirUntilExit('fabplay-fc');
    const first = await runYaml(
      `- hosts: h1
  gather_facts: false
  tasks:
    - set_fact: {ansible_kept: one, cacheable: true}
    - set_fact: {not_kept: two}
`,
      { req: { factCache: jsonCache(dir) } },
    );
    assert.equal(first.code, 0);
    const second = await runYaml(
      `- hosts: h1
  gather_facts: false
  tasks:
    - debug: msg="{{ ansible_kept }} {{ ansible_facts.kept }} {{ not_kept | default('gone') }}"
`,
      { req: { factCache: jsonCache(dir) } },
    );
    assert.deepEqual(second.msgs, ['h1: one one gone']);
  });

  it('gathering = smart skips a host a run gathered while its cache file is fresh, gathers once it expires', async () => {
    const dir = tempDirUntilExit('fabplay-fc');
    const play = `- hosts: h1\n  tasks:\n    - debug: msg="{{ ansible_facts.gather_subset }}"\n`;
    const run = () => runYaml(play, { req: { gathering: 'smart', factCache: jsonCache(dir, 3600) } });
    const gatherings = (r: Awaited<ReturnType<typeof run>>) =>
      r.results.filter((e) => e.action === 'gather_facts').length;
    assert.equal(gatherings(await run()), 1);
    // what Ansible keys smart on, and its names for the gathering's own facts
    const cached = JSON.parse(readFileSync(join(dir, 'pre_h1'), 'utf8')) as Record<string, unknown>;
    assert.equal(cached._ansible_facts_gathered, true);
    assert.deepEqual(cached.gather_subset, ['all']);
    assert.equal(cached.module_setup, true);
    assert.equal(typeof cached.ansible_hostname, 'string');
    const second = await run();
    assert.equal(gatherings(second), 0);
    assert.deepEqual(second.msgs, ['h1: ["all"]']);
    const old = new Date(Date.now() - 3601 * 1000);
    utimesSync(join(dir, 'pre_h1'), old, old);
    assert.equal(gatherings(await run()), 1);
  });

  it('the cache directory is made when the cache opens, as Ansible does', () => {
    const dir = join(tempDirUntilExit('fabplay-fc'), 'a', 'b');
    jsonCache(dir);
    assert.equal(existsSync(dir), true);
  });

  it('facts given bare (service_facts, a cacheable set_fact) are variables by that name, across merges', () => {
    let facts = withFacts(undefined, { ansible_hostname: 'h1', services: { ssh: {} }, cfx: 5 });
    facts = withFacts(facts, { ansible_system: 'Linux', ansible_cfx: 6 });
    assert.deepEqual(Object.keys(facts).sort(), ['cfx', 'hostname', 'services', 'system']);
    const vars = factVars(facts);
    // two facts in Ansible's cache, two variables (fixture 315)
    assert.deepEqual(Object.keys(vars).sort(), [
      'ansible_cfx',
      'ansible_facts',
      'ansible_hostname',
      'ansible_system',
      'cfx',
      'services',
    ]);
    assert.deepEqual([vars.cfx, vars.ansible_cfx], [5, 6]);
    // ansible_facts: the one stored later the first time
    assert.equal(facts.cfx, 6);
    facts = withFacts(facts, { cfx: 7 });
    assert.deepEqual([factVars(facts).cfx, factVars(facts).ansible_cfx, facts.cfx], [7, 6, 6]);
  });
});
