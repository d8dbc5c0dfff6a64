import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocPath } from '../../compiler/load/documents.js';
import { parseFast } from '../../compiler/load/fast-yaml.js';
import { parseYamlFile, type ParsedFile } from '../../compiler/load/yaml-file.js';
import { VALID_CATALOG } from './helpers.js';

/**
 * The loader's fast path (js-yaml plus a position index) against the `yaml` package alone: for any
 * text, the fast path either declines or gives the same documents, data, diagnostics (none) and
 * ranges. FUZZ_RUNS=20000 npx vitest run test/load/fast-yaml.test.ts searches harder.
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
/** Room for long searches on a busy machine; a failure is a counterexample, never a time. */
const TIMEOUT = Math.max(120_000, RUNS * 30);
const FILE = 'metrics/x.yaml';

let runsSinceBreath = 0;
/**
 * Lets the event loop turn now and then (a macrotask, not just a microtask), so a long search
 * (FUZZ_RUNS) keeps vitest's worker answering its RPC.
 */
async function breathe(): Promise<void> {
  if (++runsSinceBreath % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
}

/** Every path to a value in `data`, plus paths that miss, end inside a scalar, or run past a list. */
function pathsOf(data: unknown, prefix: DocPath = [], out: DocPath[] = []): DocPath[] {
  out.push(prefix);
  if (Array.isArray(data)) {
    data.forEach((item, i) => pathsOf(item, [...prefix, i], out));
    out.push([...prefix, data.length], [...prefix, '0']);
  } else if (typeof data === 'object' && data !== null) {
    for (const [key, value] of Object.entries(data)) pathsOf(value, [...prefix, key], out);
    out.push([...prefix, 'not_a_key'], [...prefix, 'not_a_key', 0]);
  } else {
    out.push([...prefix, 'below']);
  }
  return out;
}

/** Plain objects (ranges may be lazy getters), so a failing comparison prints the values. */
function plain(range: ReturnType<ParsedFile['documents'][number]['locate']>) {
  return { file: range.file, start: { ...range.start }, end: { ...range.end } };
}

/** The whole contract: same diagnostics, documents, data and ranges with and without the fast path. */
function assertSameAsYaml(text: string): boolean {
  const fast = parseYamlFile(FILE, text);
  const full = parseYamlFile(FILE, text, { fastPath: false });
  const took = parseFast(text) !== undefined;
  expect(fast.diagnostics).toStrictEqual(full.diagnostics);
  expect(fast.documents.length).toBe(full.documents.length);
  fast.documents.forEach((doc, i) => {
    const reference = full.documents[i]!;
    expect(doc.index).toBe(reference.index);
    expect(doc.data).toStrictEqual(reference.data);
    expect(JSON.stringify(doc.data)).toBe(JSON.stringify(reference.data)); // key order too
    expect(doc.salvaged).toStrictEqual(reference.salvaged);
    for (const path of pathsOf(reference.data ?? reference.salvaged)) {
      for (const key of [false, true]) {
        expect(plain(doc.locate(path, key)), `${JSON.stringify(path)} key=${key}`).toStrictEqual(plain(reference.locate(path, key)));
      }
    }
  });
  return took;
}

/** Plain scalars the two parsers could read differently (YAML 1.1 leftovers, number forms, ...). */
const trickyScalars = [
  'yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'NO', 'On', '0o17', '0o8', '0O17', '017', '0x1F', '0X1F', '0x', '-0x1F',
  '0b101', '1_000', '1e3', '1E3', '1e+3', '-1.5e-3', '.5', '5.', '+.5', '-.5e2', '1.2.3', '.inf', '-.inf', '+.Inf',
  '.INF', '.nan', '.NaN', '-.nan', 'inf', 'NaN', '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE',
  'false', 'FALSE', '2024-01-01', '2024-01-01T10:00:00Z', '2024-1-1', '12:30', '1:20:30', '+12', '-0', '-0.0', '0.0',
  '007', '12345678901234567890', '0.1e400', '1e-400', '<<', 'a #b', 'a#b', 'a: b', 'a:b', '- a', '-a', '@a', '`a`',
  '%a', 'é', 'emoji 🎉', 'a,b', 'a]b', 'a}b', '"a"b', "a'b", 'a  b', 'a\tb', '=', '::', '?', '? a', 'a?', '-', '--',
  '---', '...', '#', '|', '>', '!', '!a', '&a a', '*a', "stage != 'lost'", '"quoted 1"', "'quoted 2'", '1 # one',
];

const quoted = fc.oneof(
  fc.constantFrom(...trickyScalars).map((s) => JSON.stringify(s)),
  fc.constantFrom(...trickyScalars).map((s) => `'${s.replaceAll("'", "''")}'`),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('"a\\nb"', '"\\x41\\u0042\\U00000043"', '"tab\\tend"', '"a\\\n  b"', "'a\n\n  b'", '"a\n  b"', '"\\N\\_\\L\\P"', '"\\/"', '"\\e"'),
);

const scalarText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...trickyScalars) },
  { weight: 2, arbitrary: quoted },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_ ]{0,10}$/) },
);

const keyText = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('name', 'type', 'metrics', 'owner', 'expr', 'description', 'a', 'b') },
  { weight: 2, arbitrary: fc.constantFrom('1', '2.0', '0x10', 'true', 'null', '~', '"quoted key"', "'q'", '<<', '? a', '-1', '.inf', 'a b', '__proto__') },
  { weight: 1, arbitrary: scalarText },
);

type Tree =
  | { readonly kind: 'scalar'; readonly text: string; readonly block?: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'map'; readonly flow: boolean; readonly entries: readonly (readonly [string, Tree])[] }
  | { readonly kind: 'seq'; readonly flow: boolean; readonly items: readonly Tree[] };

const blockScalar = fc.record({
  header: fc.constantFrom('|', '>', '|-', '>-', '|+', '>+', '|2', '>1-'),
  lines: fc.array(fc.oneof(fc.constantFrom('', '  more indented', 'text', 'a: b', '# not a comment', 'x\ty'), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 3 }),
}).map(({ header, lines }) => `${header}\n${lines.join('\n')}`);

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: scalarText.map((text) => ({ kind: 'scalar' as const, text })) },
    { weight: 1, arbitrary: blockScalar.map((block) => ({ kind: 'scalar' as const, text: '', block })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'empty' as const }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('map' as const),
        flow: fc.boolean(),
        entries: fc.array(fc.tuple(keyText, tie('tree')), { maxLength: 4 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('seq' as const), flow: fc.boolean(), items: fc.array(tie('tree'), { maxLength: 4 }) }),
    },
  ),
})).tree;

/** Decoration between tokens: nothing, spaces, a comment, blank lines. */
const trailers = ['', ' ', '  # note', ' #c', '\t', '   '];

function render(node: Tree, indent: number, decor: readonly number[], at = { i: 0 }): string {
  const pick = () => trailers[decor[at.i++ % decor.length]! % trailers.length]!;
  const pad = ' '.repeat(indent);
  switch (node.kind) {
    case 'empty':
      return '';
    case 'scalar':
      return node.block ? node.block.replaceAll('\n', `\n${pad}  `) : node.text;
    case 'map':
      if (node.flow || node.entries.length === 0) return `{ ${node.entries.map(([k, v]) => `${k}: ${flowOf(v)}`).join(', ')} }${pick()}`;
      return node.entries
        .map(([k, v]) => {
          const nested = v.kind === 'map' || v.kind === 'seq' ? !(v.flow || (v.kind === 'map' ? v.entries.length === 0 : v.items.length === 0)) : false;
          return nested ? `${pad}${k}:${pick()}\n${render(v, indent + 2, decor, at)}` : `${pad}${k}: ${render(v, indent + 2, decor, at)}${pick()}`;
        })
        .join('\n');
    case 'seq':
      if (node.flow || node.items.length === 0) return `[${node.items.map(flowOf).join(', ')}]${pick()}`;
      return node.items
        .map((v) => {
          const nested = (v.kind === 'map' && !v.flow && v.entries.length > 0) || (v.kind === 'seq' && !v.flow && v.items.length > 0);
          return nested ? `${pad}-${pick()}\n${render(v, indent + 2, decor, at)}` : `${pad}- ${render(v, indent + 2, decor, at)}${pick()}`;
        })
        .join('\n');
  }
}

function flowOf(node: Tree): string {
  switch (node.kind) {
    case 'empty':
      return '';
    case 'scalar':
      return node.block ? 'x' : node.text;
    case 'map':
      return `{${node.entries.map(([k, v]) => `${k}: ${flowOf(v)}`).join(', ')}}`;
    case 'seq':
      return `[${node.items.map(flowOf).join(', ')}]`;
  }
}

/** A catalog-shaped document: a mapping at the top, as every catalog file has. */
const document = fc
  .tuple(fc.array(fc.tuple(keyText, tree), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.constantFrom('', '\n', '# head\n', '\n\n'))
  .map(([entries, decor, head]) => `${head}${render({ kind: 'map', flow: false, entries }, 0, decor)}\n`);

/** Small edits of the kinds that break or bend YAML: structure characters, indentation, line ends. */
const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 4 }),
  insert: fc.oneof(
    fc.constantFrom('\t', ':', ': ', '- ', '"', "'", '{', '}', '[', ']', ',', '&a ', '*a', '<<: ', '\n', '\r\n', '\r', '  ', ' ', '#', ' #', '!!str ', '! ', '---\n', '...\n', '? ', '|', '>', '%', '@', '`', '\u0000', '\uFEFF', '\u00a0', '\u2028', '\\', 'yes', '0o7', '1e3', '~'),
    fc.string({ maxLength: 6 }),
  ),
});

function mutate(text: string, edits: readonly { at: number; remove: number; insert: string }[]): string {
  let out = text;
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    out = out.slice(0, at) + e.insert + out.slice(at + e.remove);
  }
  return out;
}

function starterFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) starterFiles(path, out);
    else if (name.endsWith('.yaml')) out.push(path);
  }
  return out;
}

const root = join(import.meta.dirname, '..', '..');
const starter = starterFiles(join(root, 'metrics')).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

describe('fast YAML path', () => {
  it('takes every file of the starter catalog and canon.yaml, with the same data and ranges as yaml', () => {
    for (const { path, text } of [...starter, { path: 'canon.yaml', text: readFileSync(join(root, 'canon.yaml'), 'utf8') }]) {
      expect(parseFast(text), path).toBeDefined();
      expect(assertSameAsYaml(text), path).toBe(true);
    }
    expect(assertSameAsYaml(VALID_CATALOG)).toBe(true);
  });

  it('reads the tricky scalars as yaml does (YAML 1.2 core: no yes/no booleans, no dates, no 0b)', () => {
    const text = `values:\n${trickyScalars.map((s) => `  - ${s}`).join('\n')}\nkeys:\n${trickyScalars.map((s) => `  ${s}: 1`).join('\n')}\n`;
    assertSameAsYaml(text);
    for (const s of trickyScalars) {
      assertSameAsYaml(`a: ${s}\n`);
      assertSameAsYaml(`${s}: a\n`);
      assertSameAsYaml(`a: [${s}]\n`);
    }
    const data = parseFast('a: [yes, on, 0o17, 0x1F, 1e3, .inf, ~, 2024-01-01, "1", -0, 0b1]\n')?.data;
    expect(data).toStrictEqual({ a: ['yes', 'on', 15, 31, 1000, Infinity, null, '2024-01-01', '1', -0, '0b1'] });
  });

  it('gives yaml\'s ranges for block scalars, merges, comments, empty values and flow collections', () => {
    const samples = [
      'a: |\n  one\n  two\nb: >-\n  folded\n  text\n\nc: 1\n',
      'a: { x: 1, y: "two", z: [3, four] }\nb: [ { name: p }, { name: q } ]\n',
      'a:\n  - name: x   # trailing comment\n    expr: "a != b"\n  -   name: y\n    empty:\nb:\n',
      'base: { x: 1 }\nm:\n  <<: { x: 2, y: 3 }\n  x: 4\n',
      'a: plain\n  continued\nb: "quoted\n  over lines"\nc: \'single\'\n',
      '1: one\n2.0: two\ntrue: yes\n"q": 3\n? explicit\n: value\n',
      'a: 1\r\nb:\r\n  - x\r\n',
      'a: 1\n# only a comment after\n',
      'a:\n  b:\n    c: deep\n  d: [e, f]\n',
      'a: b\n  # between\n  c\nd: e\n',
      'a:\n  b: first\n second\nc: 1\n',
      'a:\n  b: first\n    second\n  c: 1\n',
      'a  : spaced   \n"b"  : quoted\n? c\n:   d\n',
      'list:\n- a\n-   b\n- - c\n  - d\n-\n  e: f\n',
      `long: ${'x'.repeat(1100)}\n${'k'.repeat(1020)}: v\n`,
      'a: "x\\"y"\nb: \'it\'\'s\'\nc: "\\u00e9\\t"\n',
      'a: 1 # one\nb: [1, 2] # two\nc: {d: 3} # three\n',
    ];
    for (const text of samples) assertSameAsYaml(text);
  });

  it('reads odd characters as yaml does: NEL, line and paragraph separators, NBSP, controls, lone surrogates', () => {
    const odd = ['\u0085', '\u2028', '\u2029', '\u00a0', '\u200b', '\ufffe', '\uffff', '🎉', '\ud800', '\udc00', '\u0000', '\x7f', '\x1b', '\x0b', '\x0c', '\u3000', '\t'];
    for (const c of odd) {
      for (const text of [`a: x${c}y\n`, `a: ${c}x\n`, `a: "x${c}y"\n`, `a: 'x${c}y'\n`, `x${c}: 1\n`, `a: [x${c}, y]\n`, `a: |\n  x${c}y\n`, `a: b\n${c}\n`, `a: b ${c}# c\n`, `a: b\n  ${c}c\n`]) {
        assertSameAsYaml(text);
      }
    }
  });

  it('declines what only yaml reports or resolves: errors, duplicates, anchors, tags, several documents', () => {
    for (const text of ['a: 1\na: 2\n', 'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: 1\n---\nb: 2\n', '%YAML 1.2\n---\na: 1\n', 'a: [1\n', '\uFEFFa: 1\n', '- a\n', 'plain\n', '', 'a: "\\U00110000"\n']) {
      expect(parseFast(text), JSON.stringify(text)).toBeUndefined();
      assertSameAsYaml(text);
    }
  });

  it('reads no environment on the fast path; the yaml path swaps process.env for a copy and puts it back', () => {
    const real = process.env;
    let reads = 0;
    const counting = new Proxy(real, {
      get(target, key, receiver) {
        reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    process.env = counting;
    try {
      parseYamlFile(FILE, VALID_CATALOG);
      expect(reads).toBe(0);
      parseYamlFile(FILE, 'a: &x 1\nb: *x\n'); // anchors: the yaml path
      expect(reads).toBeGreaterThan(0); // the copy reads each variable once
      expect(process.env).toBe(counting);
    } finally {
      process.env = real;
    }
  });

  it('on random documents', async () => {
    await fc.assert(fc.asyncProperty(document, async (text) => {
      assertSameAsYaml(text);
      await breathe();
    }), { numRuns: RUNS });
  }, TIMEOUT);

  it('on mutated random documents', async () => {
    const edits = fc.array(edit, { minLength: 1, maxLength: 3 });
    await fc.assert(fc.asyncProperty(document, edits, async (text, e) => {
      assertSameAsYaml(mutate(text, e));
      await breathe();
    }), { numRuns: RUNS });
  }, TIMEOUT);

  it('on mutated starter catalog files', async () => {
    // The model files (a few KB each): comparing every range of a 15 KB KPI file takes a while, and
    // the KPI files' shapes (block scalars, flow lists, quoted expressions) are in the models too.
    const file = fc.constantFrom(...starter.filter((f) => f.text.length < 4000).map((f) => f.text), VALID_CATALOG);
    const edits = fc.array(edit, { minLength: 1, maxLength: 4 });
    await fc.assert(fc.asyncProperty(file, edits, async (text, e) => {
      assertSameAsYaml(mutate(text, e));
      await breathe();
    }), { numRuns: Math.ceil(RUNS / 3) });
  }, TIMEOUT);
});
