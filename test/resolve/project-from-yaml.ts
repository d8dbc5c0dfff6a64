import { createHash } from 'node:crypto';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { DocPath, Located, LoadedProject, RawCatalogDocument, RawProjectConfig } from '../../compiler/load/documents.js';
import type { SourcePosition, SourceRange } from '../../compiler/source/source.js';

/**
 * A LoadedProject built straight from YAML text, for resolver and lint tests: no schema check, but
 * the same `locate` contract as the real loader (value range, or the key's range with `key`).
 */
export function projectFromYaml(files: Readonly<Record<string, string>>, config?: string): LoadedProject {
  const documents = Object.keys(files)
    .sort()
    .map((file) => locatedDocument<RawCatalogDocument>(file, files[file]!));
  const hash = createHash('sha256');
  if (config !== undefined) hash.update(`canon.yaml\0${config}\0`);
  for (const file of Object.keys(files).sort()) hash.update(`${file}\0${files[file]}\0`);
  return {
    ...(config !== undefined ? { config: locatedDocument<RawProjectConfig>('canon.yaml', config) } : {}),
    documents,
    contentHash: hash.digest('hex'),
  };
}

function locatedDocument<T>(file: string, text: string): Located<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) throw new Error(`bad test YAML in ${file}: ${doc.errors[0]!.message}`);
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col, offset };
  };
  const rangeOf = (node: YamlNode): SourceRange => {
    const [start, valueEnd] = node.range ?? [0, 0];
    return { file, start: position(start), end: position(valueEnd) };
  };
  return {
    file,
    data: doc.toJS() as T,
    locate(path: DocPath, key = false): SourceRange {
      let node = doc.contents as YamlNode | null;
      let found: YamlNode | null = node;
      for (let i = 0; i < path.length && node; i++) {
        const step = path[i]!;
        const last = i === path.length - 1;
        let next: YamlNode | null = null;
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && p.key.value === step);
          if (pair && last && key && isScalar(pair.key)) return rangeOf(pair.key);
          next = (pair?.value as YamlNode | undefined) ?? null;
        } else if (isSeq(node) && typeof step === 'number') {
          next = (node.items[step] as YamlNode | undefined) ?? null;
        }
        node = next;
        if (node) found = node;
      }
      return found ? rangeOf(found) : { file, start: position(0), end: position(0) };
    },
  };
}
