import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogFolder, directorySource, memorySource } from '../../compiler/source/fs-source.js';

const root = mkdtempSync(join(tmpdir(), 'canon-fs-source-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe('directorySource', () => {
  it('lists canon.yaml and every YAML file under the catalog folder, sorted, with forward slashes', () => {
    write('canon.yaml', 'project: demo\n');
    write('metrics/b.yaml', 'owners: []\n');
    write('metrics/a/z.yml', 'owners: []\n');
    write('metrics/a/notes.md', '# no\n');
    write('metrics/.hidden/x.yaml', 'owners: []\n');
    write('other/ignored.yaml', 'owners: []\n');
    const source = directorySource(root);
    expect(source.listFiles()).toEqual(['canon.yaml', 'metrics/a/z.yml', 'metrics/b.yaml']);
    expect(source.readFile('metrics/b.yaml')).toBe('owners: []\n');
    expect(source.readFile('other/ignored.yaml')).toBeUndefined();
    expect(source.label).toBe(root);
  });

  it('follows `catalog:` in canon.yaml and ignores one that leaves the project', () => {
    write('canon.yaml', 'catalog: ./other/\n');
    expect(directorySource(root).listFiles()).toEqual(['canon.yaml', 'other/ignored.yaml']);
    expect(catalogFolder('catalog: ../outside\n')).toBe('metrics');
    expect(catalogFolder('catalog: /etc\n')).toBe('metrics');
    expect(catalogFolder('catalog: [broken')).toBe('metrics');
    expect(catalogFolder(undefined)).toBe('metrics');
  });

  it('gives an empty list for a folder with nothing in it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'canon-empty-'));
    expect(directorySource(empty).listFiles()).toEqual([]);
    rmSync(empty, { recursive: true });
  });
});

describe('memorySource', () => {
  it('sorts paths and normalises separators', () => {
    const source = memorySource({ 'metrics\\b.yaml': 'b', 'canon.yaml': 'c', 'metrics/a.yaml': 'a' });
    expect(source.listFiles()).toEqual(['canon.yaml', 'metrics/a.yaml', 'metrics/b.yaml']);
    expect(source.readFile('metrics/b.yaml')).toBe('b');
    expect(source.readFile('missing.yaml')).toBeUndefined();
  });
});
