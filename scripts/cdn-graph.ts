/**
 * The script-tag build as a page loads it: dist/totebot-chat.min.js, the launcher
 * chunk it imports at once and what that imports statically (loaded before the
 * shopper shows intent), and the chunks the launcher imports dynamically (the
 * panel on intent, a translation only on a page in that language, the teaser at
 * once but only on a page that sets one). Used by the size budget test and `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export interface CdnFile {
  /** Path inside dist/. */
  file: string;
  bytes: number;
  gzip: number;
}

export interface CdnGraph {
  /** The entry, the launcher it imports as it runs, and everything they import statically. */
  atLoad: CdnFile[];
  /** Loaded on intent: dynamic imports that are neither translations nor the teaser, and what they import. */
  onIntent: CdnFile[];
  /** Loaded at once by a page whose element has a `teaser` attribute, and only by such a page. */
  teaser: CdnFile[];
  /** One file per translation, loaded only by a page in that language. */
  translations: CdnFile[];
}

const STATIC_IMPORT = /(?:^|[;}])\s*import\s*(?:[\w${}\s,*]*from\s*)?["'`]([^"'`]+)["'`]/g;
const DYNAMIC_IMPORT = /import\(\s*["'`]([^"'`]+)["'`]\s*\)/g;
/** The loader imports the launcher by a URL it builds at run time from this literal. */
const LOADER_TARGET = /["'`](\.\/cdn\/[\w-]+\.js)["'`]/g;
const TRANSLATION = /^cdn\/(?:de|fr|es|it|nl|pt|ar)-[\w-]+\.js$/;
const TEASER = /^cdn\/teaser-[\w-]+\.js$/;

export function readCdnGraph(dist: URL): CdnGraph {
  const cache = new Map<string, { file: CdnFile; staticImports: string[]; dynamicImports: string[] }>();
  const read = (file: string) => {
    let entry = cache.get(file);
    if (!entry) {
      const source = readFileSync(new URL(file, dist));
      const text = source.toString('utf8');
      const resolve = (specifier: string) => new URL(specifier, new URL(file, 'file:///')).pathname.slice(1);
      entry = {
        file: { file, bytes: source.byteLength, gzip: gzipSync(source, { level: 9 }).byteLength },
        staticImports: [...text.matchAll(STATIC_IMPORT)].map((match) => resolve(match[1])),
        dynamicImports: [...text.matchAll(DYNAMIC_IMPORT)].map((match) => resolve(match[1])),
      };
      cache.set(file, entry);
    }
    return entry;
  };
  /** `roots` and everything they import statically, each file once. */
  const closure = (roots: string[], seen: Set<string>): string[] => {
    const files: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      files.push(file);
      read(file).staticImports.forEach(visit);
    };
    roots.forEach(visit);
    return files;
  };
  const seen = new Set<string>();
  // The entry is a loader whose one import() runs at once: its target loads with it.
  const loaderTargets = [...readFileSync(new URL('totebot-chat.min.js', dist), 'utf8').matchAll(LOADER_TARGET)].map((match) => match[1]!.slice(2));
  const atLoad = closure(['totebot-chat.min.js', ...loaderTargets], seen);
  const dynamic = [...new Set([...cache.values()].flatMap((entry) => entry.dynamicImports))];
  const translations = dynamic.filter((file) => TRANSLATION.test(file));
  const teaser = closure(dynamic.filter((file) => TEASER.test(file)), seen);
  const onIntent = closure(dynamic.filter((file) => !TRANSLATION.test(file) && !TEASER.test(file)), seen);
  const files = (names: string[]) => names.map((name) => read(name).file);
  return { atLoad: files(atLoad), onIntent: files(onIntent), teaser: files(teaser), translations: files(translations) };
}

export const sumGzip = (files: CdnFile[]): number => files.reduce((total, file) => total + file.gzip, 0);
