/**
 * A deliberately small reading of the Canon expression language: enough to list the names an
 * expression refers to, so the catalog can be checked against the warehouse and against itself
 * without the real parser. Functions (a name followed by `(`), keywords, literals and the
 * `1 quarter` intervals inside `lag` are not names.
 */

const KEYWORDS = new Set([
  'and', 'or', 'not', 'in', 'is', 'null', 'true', 'false', 'between', 'like',
  'case', 'when', 'then', 'else', 'end', 'date', 'timestamp',
]);

/** Each identifier path as written: `stage` -> ['stage'], `account.segment` -> ['account', 'segment']. */
export function identifierPaths(expression: string): string[][] {
  const paths: string[][] = [];
  const withoutLiterals = expression
    .replace(/'(?:[^']|'')*'/g, ' ')
    .replace(/`([^`]*)`/g, (_m, quoted: string) => ` ${quoted.replace(/\W/g, '_')} `)
    .replace(/\b\d+(?:\.\d+)?\s+(?:day|week|month|quarter|year)s?\b/gi, ' ')
    .replace(/\b\d+(?:\.\d+)?\b/g, ' ');
  const token = /[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*/g;
  for (let m = token.exec(withoutLiterals); m; m = token.exec(withoutLiterals)) {
    const text = m[0];
    const rest = withoutLiterals.slice(m.index + text.length);
    if (/^\s*\(/.test(rest)) continue; // a function call
    const path = text.split('.').map((part) => part.trim());
    if (path.length === 1 && KEYWORDS.has(path[0]!.toLowerCase())) continue;
    paths.push(path);
  }
  return paths;
}

/** Names used bare (no dots). */
export function bareIdentifiers(expression: string): string[] {
  return identifierPaths(expression).filter((p) => p.length === 1).map((p) => p[0]!);
}
