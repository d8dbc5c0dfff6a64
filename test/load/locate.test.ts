import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { locateIn } from '../../compiler/load/locate.js';

function locator(text: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true }) as Document.Parsed;
  return (path: (string | number)[], key?: boolean) => {
    const r = locateIn('f.yaml', doc, lineCounter, path, key);
    return `${r.start.line}:${r.start.col}-${r.end.line}:${r.end.col}`;
  };
}

describe('locate', () => {
  const text = [
    'metrics:', //                      1
    '  - name: win_rate', //            2
    '    numerator: { metric: a, filter: "x = 1" }', // 3
    '    tags: [one, two]', //          4
    '    description:', //              5
    '  - name: b', //                   6
    '',
  ].join('\n');
  const at = locator(text);

  it('finds values and keys exactly', () => {
    expect(at(['metrics', 0, 'name'])).toBe('2:11-2:19');
    expect(at(['metrics', 0, 'name'], true)).toBe('2:5-2:9');
    expect(at(['metrics', 0, 'numerator', 'filter'])).toBe('3:37-3:44');
    expect(at(['metrics', 0, 'tags', 1])).toBe('4:17-4:20');
    expect(at(['metrics', 1])).toBe('6:5-7:1');
  });

  it('points at the key of a field with no value', () => {
    expect(at(['metrics', 0, 'description'])).toBe('5:5-5:16');
  });

  it('falls back to the nearest existing ancestor', () => {
    expect(at(['metrics', 0, 'missing'])).toBe(at(['metrics', 0]));
    expect(at(['metrics', 7, 'name'])).toBe(at(['metrics']));
    expect(at(['nothing'])).toBe(at([]));
  });

  it('handles an empty document', () => {
    expect(locator('')([])).toBe('1:1-1:1');
    expect(locator('# c\n')(['metrics', 0])).toMatch(/^\d+:\d+-/);
  });
});
