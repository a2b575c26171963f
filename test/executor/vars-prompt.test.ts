import { strict as assert } from 'node:assert';
import type { Prompter } from '../../src/executor/api.js';
import { questionOf } from '../../src/executor/vars-prompt.js';
import type { HostResultEvent, Output, RunEvent } from '../../src/output/events.js';
import { loadVarsPrompt } from '../../src/playbook/vars-prompt.js';
import { runYaml } from './run-helper.js';

/** A person at a terminal who answers from a script, and an output that notes when it settled. */
function scripted(answers: string[], interactive = true) {
  const log: string[] = [];
  const prompter: Prompter = {
    interactive,
    ask(question, echo) {
      log.push(`ask ${question}${echo ? ' (echo)' : ''}`);
      const a = answers.shift();
      if (a === undefined) throw new Error(`unexpected question ${question}`);
      return a;
    },
    tell: (text) => log.push(`tell ${text}`),
    warn: (text) => log.push(`warn ${text}`),
  };
  const events: RunEvent[] = [];
  const output: Output = {
    emit(ev) {
      events.push(ev);
      if (ev.event === 'play_start') log.push(`play ${ev.name}`);
    },
    close: async () => undefined,
    settle: async () => void log.push('settle'),
  };
  const msgs = (): string[] =>
    events
      .filter((e): e is HostResultEvent => e.event === 'host_result' && e.action === 'debug')
      .map((e) => String(e.result.msg));
  return { prompter, output, log, msgs };
}

const ONE_HOST = '[web]\nh1 ansible_connection=local\n';

describe('vars_prompt', () => {
  it('asks when the play starts, before its banner, in Ansible words; answers are play vars', async () => {
    const s = scripted(['secret', 'seen', '']);
    const r = await runYaml(
      `
- hosts: h1
  gather_facts: false
  tasks: [{ debug: { msg: first } }]
- name: second
  hosts: h1
  gather_facts: false
  vars: { who: world, pw: from-vars }
  vars_prompt:
    - { name: pw, prompt: "password for {{ who }}" }
    - { name: shown, private: false }
    - { name: dflt, prompt: with default, default: "d-{{ who }}" }
  tasks:
    - debug: { msg: "{{ pw }} {{ shown }} {{ dflt }}" }
`,
      { inventory: ONE_HOST, req: { prompter: s.prompter, output: s.output } },
    );
    assert.equal(r.code, 0);
    assert.deepEqual(s.log, [
      'play h1',
      'settle',
      'ask password for world: ',
      'ask shown:  (echo)',
      'ask with default [d-world]: ',
      'play second',
    ]);
    assert.deepEqual(s.msgs(), ['first', 'secret seen d-world']);
  });

  it('does not ask for a name given with -e', async () => {
    const s = scripted([]);
    await runYaml(
      `
- hosts: h1
  gather_facts: false
  vars_prompt: { name: env, prompt: which environment }
  tasks: [{ debug: { msg: "{{ env }}" } }]
`,
      { inventory: ONE_HOST, req: { prompter: s.prompter, output: s.output, extraVars: { env: 'prod' } } },
    );
    assert.deepEqual(s.log, ['play h1']);
    assert.deepEqual(s.msgs(), ['prod']);
  });

  it('confirm asks twice, again after a mismatch', async () => {
    const s = scripted(['a', 'b', 'c', 'c']);
    await runYaml(
      `
- hosts: h1
  gather_facts: false
  vars_prompt: [{ name: p, confirm: true }]
  tasks: [{ debug: { msg: "{{ p }}" } }]
`,
      { inventory: ONE_HOST, req: { prompter: s.prompter, output: s.output } },
    );
    assert.deepEqual(s.log.slice(1, -1), [
      'ask p: ',
      'ask confirm p: ',
      'tell ***** VALUES ENTERED DO NOT MATCH ****',
      'ask p: ',
      'ask confirm p: ',
    ]);
    assert.deepEqual(s.msgs(), ['c']);
  });

  it('without a terminal: warns once in the run, takes the default, else the text None', async () => {
    const s = scripted([], false);
    await runYaml(
      `
- hosts: h1
  gather_facts: false
  vars_prompt: [{ name: a }, { name: b, default: 7 }]
  tasks: [{ debug: { msg: "{{ a }} {{ b }} {{ a | type_debug }}" } }]
- hosts: h1
  gather_facts: false
  vars_prompt: [{ name: c, default: x }]
  tasks: [{ debug: { msg: "{{ c }}" } }]
`,
      { inventory: ONE_HOST, req: { prompter: s.prompter, output: s.output } },
    );
    assert.deepEqual(
      s.log.filter((l) => l.startsWith('warn')),
      ['warn Not prompting as we are not in interactive mode'],
    );
    assert.deepEqual(s.msgs(), ['None 7 str', 'x']);
  });

  it('encrypt hashes the answer as Ansible does; unsafe keeps it from templating', async () => {
    const s = scripted(['secret', '{{ 6 * 7 }}', '{{ 6 * 7 }}']);
    await runYaml(
      `
- hosts: h1
  gather_facts: false
  vars_prompt:
    - { name: pw, encrypt: sha512_crypt, salt: abcdefgh }
    - { name: u, unsafe: true }
    - { name: t }
  tasks: [{ debug: { msg: "{{ pw }} {{ u }} {{ t }}" } }]
`,
      { inventory: ONE_HOST, req: { prompter: s.prompter, output: s.output } },
    );
    // ansible-playbook 2.14 (Python's crypt) gives this hash for 'secret' with this salt
    assert.deepEqual(s.msgs(), [
      '$6$abcdefgh$ltjgWl6579NluT/Vi1nwEvcil.G5Nbc4NiXZaNGStk8PSwGfQv72N2CKPPrVACtLtip/cZ/1GM/O6IND4WQhG. {{ 6 * 7 }} 42',
    ]);
  });

  it('refuses an encrypt scheme Ansible refuses, and encrypt with nothing to encrypt, at the entry', async () => {
    for (const [entry, want] of [
      [
        '{ name: pw, encrypt: sha512, default: x }',
        /vars_prompt 'pw': crypt.crypt does not support 'sha512' algorithm/,
      ],
      ['{ name: pw, encrypt: md5_crypt }', /vars_prompt 'pw': there is nothing to encrypt/],
    ] as const) {
      const s = scripted([], false);
      await assert.rejects(
        runYaml(`- hosts: h1\n  gather_facts: false\n  vars_prompt:\n    - ${entry}\n  tasks: []\n`, {
          inventory: ONE_HOST,
          req: { prompter: s.prompter, output: s.output },
        }),
        (e: Error & { pos?: { line: number } }) => want.test(e.message) && e.pos?.line === 4,
      );
    }
  });

  it('hosts may name a prompted variable (the play is templated once the answers are in)', async () => {
    const s = scripted(['h1']);
    await runYaml(
      `
- hosts: "{{ target }}"
  gather_facts: false
  vars_prompt: { name: target, private: false }
  tasks: [{ debug: { msg: "on {{ inventory_hostname }}" } }]
`,
      { req: { prompter: s.prompter, output: s.output } },
    );
    assert.deepEqual(s.msgs(), ['on h1']);
  });

  it('vars_files may name a prompted variable; the questions may use the files that need none', async () => {
    const s = scripted(['prod']);
    await runYaml(
      `
- hosts: h1
  gather_facts: false
  vars_files: ["@DIR@/common.yml", "@DIR@/{{ env }}.yml"]
  vars_prompt: { name: env, prompt: "environment of {{ site }}", private: false }
  tasks: [{ debug: { msg: "{{ env }} {{ port }}" } }]
`,
      {
        inventory: ONE_HOST,
        files: { 'common.yml': 'site: lab\n', 'prod.yml': 'port: 443\n' },
        req: { prompter: s.prompter, output: s.output },
      },
    );
    assert.ok(s.log.includes('ask environment of lab:  (echo)'));
    assert.deepEqual(s.msgs(), ['prod 443']);
  });

  it('words the question as Ansible: [default], or input for NAME with an empty prompt', () => {
    assert.equal(questionOf('x', {}), 'x: ');
    assert.equal(questionOf('x', { prompt: 'Q', default: false }), 'Q [False]: ');
    assert.equal(questionOf('x', { prompt: '' }), 'input for x: ');
    assert.equal(questionOf('x', { prompt: null, default: 1 }), 'input for x: ');
  });

  describe('loading', () => {
    const pos = { file: 'p.yml', line: 3, col: 3 };
    it('takes a list of entries, or one mapping; nothing asks nothing', () => {
      assert.equal(loadVarsPrompt(null, 'play', pos).length, 0);
      assert.equal(loadVarsPrompt([], 'play', pos).length, 0);
      assert.deepEqual(loadVarsPrompt({ name: 'q' }, 'play', pos)[0]!.spec, { name: 'q' });
    });
    it('refuses what Ansible refuses, with its words and a hint', () => {
      assert.throws(
        () => loadVarsPrompt(['q'], 'play', pos),
        /vars_prompt must be a mapping or a list of mappings/,
      );
      assert.throws(
        () => loadVarsPrompt({ username: 'Enter username' }, 'play', pos),
        (e: Error & { hint?: string }) =>
          /Invalid vars_prompt data structure, missing 'name' key/.test(e.message) &&
          e.hint === 'write `- name: username` and `prompt: Enter username`',
      );
      assert.throws(
        () => loadVarsPrompt([{ name: 'a', privat: true }], 'play', pos),
        (e: Error & { hint?: string }) =>
          /found unsupported key 'privat'/.test(e.message) && e.hint === "did you mean 'private'?",
      );
    });
  });
});
