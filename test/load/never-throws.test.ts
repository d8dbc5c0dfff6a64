import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../compiler/load/load-project.js';
import { memorySource } from '../../compiler/source/fs-source.js';
import { PROJECT, VALID_CATALOG } from './helpers.js';

/** Every diagnostic must be well-formed: a code, a severity, a message, and a range inside its file. */
function checkShape(files: Record<string, string>) {
  const { project, diagnostics } = loadProject(memorySource(files));
  for (const d of diagnostics) {
    expect(d.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(['error', 'warning', 'info']).toContain(d.severity);
    expect(d.message.length).toBeGreaterThan(0);
    if (d.range) {
      expect(files[d.range.file]).toBeDefined();
      expect(d.range.start.line).toBeGreaterThanOrEqual(1);
      expect(d.range.start.col).toBeGreaterThanOrEqual(1);
      expect(d.range.start.offset).toBeLessThanOrEqual(files[d.range.file]!.length);
    }
  }
  for (const doc of project.documents) {
    // Locating anything, even paths that do not exist, stays inside the document's file.
    expect(doc.locate(['metrics', 0, 'name']).file).toBe(doc.file);
    expect(doc.locate(['nope', 99, 'x'], true).file).toBe(doc.file);
  }
  return diagnostics;
}

/** Small edits of the kind a fuzzer finds interesting in YAML: structure characters and indentation. */
const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 4 }),
  insert: fc.oneof(
    fc.constantFrom('\t', ':', '- ', '"', "'", '{', '}', '[', ']', '&a ', '*a', '<<: ', '\n', '  ', '#', '!!', '---\n', '? ', '|', '>', '%', '@', '`', '\u0000', '\uFEFF'),
    fc.string({ maxLength: 6 }),
  ),
});

describe('loadProject never throws', () => {
  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        checkShape({ 'canon.yaml': PROJECT, 'metrics/x.yaml': Buffer.from(bytes).toString('utf8') });
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('on random text as canon.yaml', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        checkShape({ 'canon.yaml': text, 'metrics/x.yaml': VALID_CATALOG });
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('on mutated valid documents', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
        let text = VALID_CATALOG;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        }
        checkShape({ 'canon.yaml': PROJECT, 'metrics/x.yaml': text });
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('on random JSON-like values in place of a metric', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = `metrics:\n  - ${JSON.stringify(value)}\nowners: ${JSON.stringify(value)}\n`;
        checkShape({ 'canon.yaml': PROJECT, 'metrics/x.yaml': text });
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
