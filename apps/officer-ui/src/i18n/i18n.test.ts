/**
 * Every translation key exists in English, French and Arabic (with each language's plural forms), every
 * key the source names literally exists, and no user-facing text escapes i18n: JSX text and the
 * accessible-name attributes of every component are scanned with the TypeScript parser.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import en from './en.json';
import fr from './fr.json';
import ar from './ar.json';

type Tree = { [key: string]: string | Tree };
const LANGUAGES: Record<string, Tree> = { en, fr, ar };
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

const flat = Object.fromEntries(Object.entries(LANGUAGES).map(([lang, tree]) => [lang, flatten(tree)]));
const baseKeys = (keys: Iterable<string>) => new Set([...keys].map((key) => key.replace(PLURAL_SUFFIX, '')));

const SRC = path.resolve(__dirname, '..');
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'e2e' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('translations', () => {
  it('has the same keys in English, French and Arabic', () => {
    const english = baseKeys(flat.en!.keys());
    for (const lang of ['fr', 'ar']) {
      const other = baseKeys(flat[lang]!.keys());
      expect({ lang, missing: [...english].filter((key) => !other.has(key)) }).toEqual({ lang, missing: [] });
      expect({ lang, extra: [...other].filter((key) => !english.has(key)) }).toEqual({ lang, extra: [] });
    }
  });

  it('has every plural form each language needs', () => {
    for (const [lang, keys] of Object.entries(flat)) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const plurals = new Set([...keys.keys()].filter((key) => PLURAL_SUFFIX.test(key)).map((key) => key.replace(PLURAL_SUFFIX, '')));
      for (const base of plurals) {
        const missing = categories.filter((category) => !keys.has(`${base}_${category}`));
        expect({ lang, base, missing }).toEqual({ lang, base, missing: [] });
      }
    }
  });

  it('uses the same interpolation variables in every language', () => {
    const variables = (text: string) => [...text.matchAll(/\{\{(\w+)/g)].map((match) => match[1]).sort();
    for (const [key, text] of flat.en!) {
      if (PLURAL_SUFFIX.test(key)) continue;
      for (const lang of ['fr', 'ar']) expect({ key, lang, vars: variables(flat[lang]!.get(key) ?? '') }).toEqual({ key, lang, vars: variables(text) });
    }
  });

  it('has every key the source names literally', () => {
    const known = baseKeys(flat.en!.keys());
    const missing: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) if (!known.has(match[1]!)) missing.push(`${path.relative(SRC, file)}: ${match[1]}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('no user-facing text outside i18n', () => {
  // Attributes a person reads or hears; their value must come from t(), never a literal.
  const TEXT_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description']);
  // Symbols and punctuation carry no language.
  const SYMBOLS_ONLY = /^[\s\p{P}\p{S}—–·…]*$/u;

  it('finds no JSX text or accessible-name literal with letters', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC).filter((name) => name.endsWith('.tsx'))) {
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
      const where = (node: ts.Node) => `${path.relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      const visit = (node: ts.Node) => {
        if (ts.isJsxText(node) && !SYMBOLS_ONLY.test(node.text)) offenders.push(`${where(node)} text "${node.text.trim()}"`);
        if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(source)) && node.initializer && ts.isStringLiteral(node.initializer) && !SYMBOLS_ONLY.test(node.initializer.text))
          offenders.push(`${where(node)} ${node.name.getText(source)}="${node.initializer.text}"`);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(offenders).toEqual([]);
  });

  it('would catch a literal (the scanner itself works)', () => {
    const source = ts.createSourceFile('x.tsx', 'const a = <button aria-label="Close">Save now</button>;', ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const found: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isJsxText(node) && !SYMBOLS_ONLY.test(node.text)) found.push(node.text);
      if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) found.push(node.initializer.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(found).toEqual(['Close', 'Save now']);
  });
});
