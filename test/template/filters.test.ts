import assert from 'node:assert/strict';
import { Templar } from '../../src/template/index.js';
import { TemplateRuntimeError } from '../../src/template/errors.js';
import { cases } from './helpers.js';

const users = [
  { name: 'bob', uid: 2, enabled: true, groups: ['a', 'b'] },
  { name: 'alice', uid: 1, enabled: false, groups: ['c'] },
];

describe('template filters: scalars and strings', () => {
  cases([
    ['{{ missing | default("x") }}', 'x'],
    ['{{ missing | d(3) }}', 3],
    ['{{ "" | default("x", true) }}', 'x'],
    ['{{ "" | default("x") }}', ''],
    ['{{ v | mandatory }}', 1, { v: 1 }],
    ['{{ "yes" | bool }}', true],
    ['{{ "off" | bool }}', false],
    ['{{ 1 | bool }}', true],
    ['{{ "42" | int }}', 42],
    ['{{ "4.7" | int }}', 4],
    ['{{ "abc" | int }}', 0],
    ['{{ "0x1A" | int(base=16) }}', 26],
    ['{{ "1.5" | float }}', 1.5],
    ['{{ 3 | string }}', '3'],
    ['{{ true | string }}', 'True'],
    ['{{ "AbC" | lower }}', 'abc'],
    ['{{ "AbC" | upper }}', 'ABC'],
    ['{{ "  x  " | trim }}', 'x'],
    ['{{ "a-b-c" | replace("-", "+") }}', 'a+b+c'],
    ['{{ "a,b,c" | split(",") }}', ['a', 'b', 'c']],
    ['{{ " a  b " | split }}', ['a', 'b']],
    ['{{ ["a", 1, true] | join("-") }}', 'a-1-True'],
    ['{{ [1, 2, 3] | first }}', 1],
    ['{{ [1, 2, 3] | last }}', 3],
    ['{{ [1, 2, 3] | length }}', 3],
    ['{{ {"a": 1} | length }}', 1],
    ['{{ "abc" | count }}', 3],
    ['{{ true | ternary("on", "off") }}', 'on'],
    ['{{ [] | ternary("on", "off") }}', 'off'],
    ['{{ none | ternary("on", "off", "unset") }}', 'unset'],
    ['{{ false | ternary(true_val="on", false_val="off") }}', 'off'],
    ['{{ "%s-%03d" | format("a", 7) }}', 'a-007'],
    ['{{ "line1\nline2" | indent(2) }}', 'line1\n  line2'],
    ['{{ 2.567 | round(1) }}', 2.6],
    ['{{ -3 | abs }}', 3],
    ['{{ "hello world" | title }}', 'Hello World'],
    ['{{ "hello" | capitalize }}', 'Hello'],
    ['{{ [1, 2] | type_debug }}', 'list'],
    ['{{ "ab" | reverse }}', 'ba'],
  ]);

  it("mandatory fails with Ansible's words (two spaces), or the message given, as a filter's error", () => {
    const failure = (expr: string) => {
      try {
        new Templar({}).template(expr);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const plain = failure('{{ db_host | mandatory }}');
    assert.ok(plain instanceof TemplateRuntimeError && plain.byFilter);
    assert.equal(plain.detail, "Mandatory variable 'db_host'  not defined.");
    const given = failure('{{ db_host | mandatory("set db_host") }}');
    assert.ok(given instanceof TemplateRuntimeError);
    assert.equal(given.detail, 'set db_host');
  });
});

describe('template filters: lists and dicts', () => {
  cases([
    ['{{ [1, 2, 2, 1, 3] | unique }}', [1, 2, 3]],
    ['{{ ["a", "b", "A"] | unique }}', ['a', 'b']],
    ['{{ ["a", "A"] | unique(case_sensitive=True) }}', ['a', 'A']],
    ['{{ [{"f": 1, "m": 2}, {"f": 1, "m": 3}] | unique(attribute="f") }}', [{ f: 1, m: 2 }]],
    ['{{ [{"f": 1}, {"f": 1}] | unique }}', [{ f: 1 }]],
    ['{{ [1, 2] | union([2, 3]) }}', [1, 2, 3]],
    ['{{ [1, 2, 3] | difference([2]) }}', [1, 3]],
    ['{{ [1, 2, 3] | intersect([3, 2, 9]) }}', [2, 3]],
    ['{{ [1, 2] | symmetric_difference([2, 3]) }}', [1, 3]],
    ['{{ ["b", "A", "c"] | sort }}', ['A', 'b', 'c']],
    ['{{ [3, 1, 2] | sort(reverse=true) }}', [3, 2, 1]],
    ['{{ users | sort(attribute="uid") | map(attribute="name") | list }}', ['alice', 'bob'], { users }],
    ['{{ [3, 1, 2] | min }}', 1],
    ['{{ [3, 1, 2] | max }}', 3],
    ['{{ users | max(attribute="uid") }}', users[0], { users }],
    ['{{ [1, 2, 3] | sum }}', 6],
    ['{{ users | sum(attribute="uid") }}', 3, { users }],
    ['{{ [[1], [2]] | sum(start=[]) }}', [1, 2]],
    ['{{ ["a", "b"] | map("upper") | list }}', ['A', 'B']],
    // keywords after a filter name are that filter's (Jinja2's map)
    [
      '{{ [{"a": 1}, {"b": 2}] | map("dict2items") | map("map", attribute="key") | map("list") | list }}',
      [['a'], ['b']],
    ],
    ['{{ [[3, 1], [2]] | map("sort", reverse=true) | list }}', [[3, 1], [2]]],
    ['{{ users | map(attribute="name") | list }}', ['bob', 'alice'], { users }],
    ['{{ users | map(attribute="shell", default="sh") | list }}', ['sh', 'sh'], { users }],
    ['{{ [0, 1, "", "x"] | select | list }}', [1, 'x']],
    ['{{ ["a1", "b2", "a3"] | select("match", "a") | list }}', ['a1', 'a3']],
    ['{{ [1, 2, 3, 4] | reject("even") | list }}', [1, 3]],
    ['{{ users | selectattr("enabled") | map(attribute="name") | list }}', ['bob'], { users }],
    ['{{ users | selectattr("name", "equalto", "alice") | map(attribute="uid") | first }}', 1, { users }],
    ['{{ users | selectattr("shell", "defined") | list }}', [], { users }],
    ['{{ users | rejectattr("enabled") | map(attribute="name") | list }}', ['alice'], { users }],
    ['{{ {"a": 1, "b": {"x": 1}} | combine({"b": {"y": 2}}) }}', { a: 1, b: { y: 2 } }],
    ['{{ {"a": 1, "b": {"x": 1}} | combine({"b": {"y": 2}}, recursive=true) }}', { a: 1, b: { x: 1, y: 2 } }],
    ['{{ {"l": [1]} | combine({"l": [2]}, list_merge="append") }}', { l: [1, 2] }],
    ['{{ {"a": 1} | combine([{"b": 2}, {"a": 3}]) }}', { a: 3, b: 2 }],
    ['{{ {"a": 1} | dict2items }}', [{ key: 'a', value: 1 }]],
    ['{{ {"a": 1} | dict2items(key_name="k", value_name="v") }}', [{ k: 'a', v: 1 }]],
    ['{{ [{"key": "a", "value": 1}] | items2dict }}', { a: 1 }],
    ['{{ [{"n": "a", "v": 1}] | items2dict(key_name="n", value_name="v") }}', { a: 1 }],
    [
      '{{ [1, 2, 3] | zip(["a", "b"]) | list }}',
      [
        [1, 'a'],
        [2, 'b'],
      ],
    ],
    [
      '{{ [1, 2] | zip_longest(["a"], fillvalue="-") | list }}',
      [
        [1, 'a'],
        [2, '-'],
      ],
    ],
    ['{{ [1, [2, [3, none]]] | flatten }}', [1, 2, 3]],
    ['{{ [1, [2, [3]]] | flatten(levels=1) }}', [1, 2, [3]]],
    ['{{ ["h1"] | map("extract", hv, "ip") | list }}', ['10.0.0.1'], { hv: { h1: { ip: '10.0.0.1' } } }],
    [
      '{{ [1, 2] | product(["a"]) | list }}',
      [
        [1, 'a'],
        [2, 'a'],
      ],
    ],
    ['{{ users | subelements("groups") | map("last") | list }}', ['a', 'b', 'c'], { users }],
    [
      '{{ {"b": 1, "a": 2} | dictsort }}',
      [
        ['a', 2],
        ['b', 1],
      ],
    ],
    ['{{ [1, 2, 3] | batch(2) | list }}', [[1, 2], [3]]],
    ['{{ {"a": 1} | list }}', ['a']],
  ]);

  it('random picks from a list, or from range(start, end, step) for an integer (as Ansible)', () => {
    const t = new Templar({});
    const seen = new Set<unknown>();
    for (let i = 0; i < 200; i++) seen.add(t.template('{{ 10 | random(start=4, step=3) }}'));
    // the number renders to its text, as in Ansible 2.14
    assert.deepEqual([...seen].sort(), ['4', '7']);
    for (let i = 0; i < 50; i++)
      assert.ok(['0', '1', '2'].includes(t.template('{{ 3 | random }}') as string));
    assert.equal(t.template('{{ ["only"] | random }}'), 'only');
    assert.throws(() => t.template('{{ 0 | random }}'), /empty range/);
    assert.throws(() => t.template('{{ [1, 2] | random(1) }}'), /only be used with integer values/);
  });
});

describe('template filters: data, encodings, paths, hashes', () => {
  cases([
    ['{{ {"a": [1, "x"], "b": none, "c": true} | to_json }}', '{"a": [1, "x"], "b": null, "c": true}'],
    ['{{ {"b": 1, "a": [1]} | to_nice_json }}', '{\n    "a": [\n        1\n    ],\n    "b": 1\n}'],
    ['{{ {"a": 1} | to_nice_json(indent=2) }}', '{\n  "a": 1\n}'],
    ['{{ \'{"a": [1, 2]}\' | from_json }}', { a: [1, 2] }],
    ['{{ {"a": [1, 2]} | to_yaml }}', 'a: [1, 2]\n'],
    ['{{ {"a": [1, 2]} | to_yaml(default_flow_style=false) }}', 'a:\n- 1\n- 2\n'],
    ['{{ {"a": {"b": 1}} | to_nice_yaml }}', 'a:\n    b: 1\n'],
    ['{{ "a: [1, 2]\nb: yes" | from_yaml }}', { a: [1, 2], b: true }],
    // PyYAML (Ansible) loads blanks and comments alone as None
    ['{{ ("\n  \n# only a comment\n" | from_yaml) is none }}', true],
    ['{{ "" | from_yaml or [] }}', []],
    ['{{ "a: 1\n---\nb: 2" | from_yaml_all | list }}', [{ a: 1 }, { b: 2 }]],
    ['{{ "héllo" | b64encode }}', 'aMOpbGxv'],
    ['{{ "aMOpbGxv" | b64decode }}', 'héllo'],
    ['{{ "/etc/dhcp/dhcpd.conf" | basename }}', 'dhcpd.conf'],
    ['{{ "/etc/dhcp/dhcpd.conf" | dirname }}', '/etc/dhcp'],
    ['{{ "/a/b.tar.gz" | splitext }}', "('/a/b.tar', '.gz')"],
    ['{{ "it\'s here" | quote }}', `'it'\\''s here'`],
    ['{{ "plain-word" | quote }}', 'plain-word'],
    ['{{ "abc" | hash("md5") }}', '900150983cd24fb0d6963f7d28e17f72'],
    ['{{ "abc" | hash }}', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['{{ "abc" | checksum }}', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['{{ "ipoib-ib0" | to_uuid }}', '9259e848-d3a6-537f-99e2-15b1dad2b796'],
    [
      '{{ "x" | to_uuid(namespace="6ba7b810-9dad-11d1-80b4-00c04fd430c8") }}',
      '05b16a01-46c6-56dd-bd6e-c6dfb4a1427a',
    ],
    ['{{ "abc" | hash(hashtype="md5") }}', '900150983cd24fb0d6963f7d28e17f72'],
    ['{{ "abc" | hash("sha256") }}', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ]);
});

describe('template filters: regular expressions (Python re syntax)', () => {
  cases([
    ['{{ "foo=1 bar=2" | regex_replace("(\\w+)=(\\d)", "\\2:\\1") }}', '1:foo 2:bar'],
    ['{{ "ABC" | regex_replace("b", "x", ignorecase=true) }}', 'AxC'],
    ['{{ "k=v" | regex_replace("(?P<key>\\w)=", "\\g<key>:") }}', 'k:v'],
    ['{{ "5.14.0-503.el9.x86_64" | regex_search("^\\d+\\.\\d+") }}', '5.14'],
    ['{{ "no digits" | regex_search("\\d+") is none }}', true],
    ['{{ "v=12" | regex_search("v=(\\d+)", "\\1") }}', ['12']],
    ['{{ "a1 b2 c3" | regex_findall("[a-z](\\d)") }}', ['1', '2', '3']],
    ['{{ "1.2" | regex_escape }}', '1\\.2'],
  ]);
});

describe('template filters: names with collection prefixes', () => {
  cases([
    ['{{ "a" | ansible.builtin.upper }}', 'A'],
    ['{{ [2, 1] | ansible.builtin.sort }}', [1, 2]],
  ]);
});

describe('filters: path_join as os.path.join', () => {
  it('an absolute part starts over; nothing is normalised', () => {
    const t = new Templar({});
    assert.equal(t.template("{{ ['/etc', 'subdir', '/test'] | path_join }}"), '/test');
    assert.equal(t.template("{{ ['/etc/', 'a', '../b'] | path_join }}"), '/etc/a/../b');
    assert.equal(t.template("{{ ['', 'x'] | path_join }}"), 'x');
  });
});

describe('filters: extract from an undefined container', () => {
  it('gives an undefined value that default() replaces, and fails when used', () => {
    const t = new Templar({});
    assert.equal(t.template("{{ 'key' | extract(nothing) | default('a') }}"), 'a');
    assert.throws(() => t.template("{{ 'key' | extract(nothing) }}"), /'nothing' is undefined/);
  });
});

describe('filters: groupby, urlsplit', () => {
  const render = (expr: string, vars: Record<string, unknown> = {}): unknown =>
    new Templar(vars).template(expr);
  const xs = [
    { n: 'a', k: 'B' },
    { n: 'b', k: 'a' },
    { n: 'c', k: 'b' },
  ];

  it('groupby gives (grouper, list) pairs sorted by the key, case-insensitive unless asked', () => {
    assert.deepEqual(render("{{ xs | groupby('k') }}", { xs }), [
      ['a', [xs[1]]],
      ['B', [xs[0], xs[2]]],
    ]);
    assert.equal(
      render(
        "{% for g in xs | groupby('k', case_sensitive=true) %}{{ g.grouper }}{{ g.list | length }} {% endfor %}",
        { xs },
      ),
      'B1 a1 b1 ',
    );
  });

  it('urlsplit splits as Python urllib does', () => {
    const url = 'https://u:p@Host.Example:8443/a/b?x=1#f';
    assert.deepEqual(render(`{{ '${url}' | urlsplit }}`), {
      fragment: 'f',
      hostname: 'host.example',
      netloc: 'u:p@Host.Example:8443',
      password: 'p',
      path: '/a/b',
      port: 8443,
      query: 'x=1',
      scheme: 'https',
      username: 'u',
    });
    assert.equal(render("{{ 'http://h/' | urlsplit('port') is none }}"), true);
    assert.throws(() => render("{{ 'http://h/' | urlsplit('nope') }}"), /unknown URL component: nope/);
  });
});
