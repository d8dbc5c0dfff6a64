import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { escapeData, escapeProperty, formatGithub } from '../../compiler/diagnostics/format-github.js';
import { formatJson, toDiagnosticsJson } from '../../compiler/diagnostics/format-json.js';
import { formatPretty } from '../../compiler/diagnostics/format-pretty.js';
import { memorySource } from '../../compiler/source/fs-source.js';

const source = memorySource({
  'metrics/kpis/sales.yaml': 'metrics:\n  - name: win_rate\n    measure: deals_wonn\n',
});

const pos = (line: number, col: number, offset = 0) => ({ line, col, offset });

const unknownMeasure: Diagnostic = {
  code: 'unknown-measure',
  severity: 'error',
  message: "metric 'win_rate' uses measure 'deals_wonn', which no semantic model defines",
  range: { file: 'metrics/kpis/sales.yaml', start: pos(3, 14), end: pos(3, 24) },
  hint: "did you mean 'deals_won'?",
  related: [{ message: "measure 'deals_won' is defined here", range: { file: 'metrics/models.yaml', start: pos(40, 9), end: pos(40, 18) } }],
};

const projectWide: Diagnostic = { code: 'empty-catalog', severity: 'warning', message: 'no YAML files found under metrics/' };

describe('formatPretty', () => {
  it('prints file:line:col, the source line and a caret under the offending text', () => {
    expect(formatPretty([unknownMeasure, projectWide], source)).toBe(
      [
        "metrics/kpis/sales.yaml:3:14: error[unknown-measure]: metric 'win_rate' uses measure 'deals_wonn', which no semantic model defines",
        '  3 |     measure: deals_wonn',
        '    |              ^^^^^^^^^^',
        "  hint: did you mean 'deals_won'?",
        "  note: metrics/models.yaml:40:9: measure 'deals_won' is defined here",
        '',
        'warning[empty-catalog]: no YAML files found under metrics/',
        '',
      ].join('\n'),
    );
  });

  it('uses colour only when asked', () => {
    expect(formatPretty([unknownMeasure], source)).not.toContain('\u001b[');
    expect(formatPretty([unknownMeasure], source, { color: true })).toContain('\u001b[31m');
  });

  it('underlines at least one character, and only the first line of a multi-line range', () => {
    const zero: Diagnostic = { ...unknownMeasure, range: { file: 'metrics/kpis/sales.yaml', start: pos(2, 5), end: pos(3, 1) } };
    const lines = formatPretty([zero], source).split('\n');
    expect(lines[2]).toBe('    |     ^^^^^^^^^^^^^^');
  });

  it('prints nothing for no diagnostics and survives a missing file', () => {
    expect(formatPretty([], source)).toBe('');
    const gone: Diagnostic = { ...unknownMeasure, range: { ...unknownMeasure.range!, file: 'metrics/gone.yaml' } };
    expect(formatPretty([gone], source)).toContain('metrics/gone.yaml:3:14: error[unknown-measure]');
  });
});

describe('formatGithub', () => {
  it('writes one workflow command per diagnostic with the full span', () => {
    const text = formatGithub([unknownMeasure, projectWide]);
    expect(text).toBe(
      "::error file=metrics/kpis/sales.yaml,line=3,col=14,endLine=3,endColumn=24,title=canon unknown-measure::metric 'win_rate' uses measure 'deals_wonn', which no semantic model defines%0Ahint: did you mean 'deals_won'?%0Anote: metrics/models.yaml:40:9: measure 'deals_won' is defined here\n" +
        '::warning title=canon empty-catalog::no YAML files found under metrics/\n',
    );
  });

  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%d\n')).toBe('a%3Ab%2Cc%25d%0A');
    const odd: Diagnostic = { ...projectWide, severity: 'info', range: { file: 'metrics/a,b:c.yaml', start: pos(1, 1), end: pos(1, 2) } };
    expect(formatGithub([odd])).toBe('::notice file=metrics/a%2Cb%3Ac.yaml,line=1,col=1,endLine=1,endColumn=2,title=canon empty-catalog::no YAML files found under metrics/\n');
  });
});

describe('formatJson', () => {
  it('has a stable, documented shape', () => {
    expect(toDiagnosticsJson([unknownMeasure, projectWide])).toEqual({
      version: 1,
      summary: { errors: 1, warnings: 1, infos: 0 },
      diagnostics: [
        {
          code: 'unknown-measure',
          severity: 'error',
          message: "metric 'win_rate' uses measure 'deals_wonn', which no semantic model defines",
          file: 'metrics/kpis/sales.yaml',
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 24,
          hint: "did you mean 'deals_won'?",
          related: [{ message: "measure 'deals_won' is defined here", file: 'metrics/models.yaml', line: 40, column: 9 }],
        },
        { code: 'empty-catalog', severity: 'warning', message: 'no YAML files found under metrics/' },
      ],
    });
    expect(formatJson([])).toBe('{\n  "version": 1,\n  "summary": {\n    "errors": 0,\n    "warnings": 0,\n    "infos": 0\n  },\n  "diagnostics": []\n}\n');
  });
});
