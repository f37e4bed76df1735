/**
 * The translations and how a page's `lang` picks one. Only the primary
 * language subtag matters (BCP 47, RFC 5646 §2.2.1): regional variants share a table.
 * English is the caller's; every other table is its own small chunk, loaded only
 * by a page in that language, so no page pays for the other six.
 */
import type { TotebotStrings } from '../strings.js';

/**
 * A translation as its chunk exports it: the table, or, in the CDN build, its texts alone in the order
 * of the English table's keys (scripts/translation-texts.ts; every table here is in that order).
 */
export type Translation = TotebotStrings | readonly string[];

/** Each chunk exports its translation under its subtag (`de.js` exports `de`). */
const LOADERS: Readonly<Record<string, () => Promise<Record<string, Translation>>>> = Object.freeze({
  de: () => import('./de.js'),
  fr: () => import('./fr.js'),
  es: () => import('./es.js'),
  it: () => import('./it.js'),
  nl: () => import('./nl.js'),
  pt: () => import('./pt.js'),
  ar: () => import('./ar.js'),
});

/** Primary subtags with a table, English first: LOADERS' keys, written out so a bundle that never reads it drops it (tests check both). */
export const LANGUAGES: readonly string[] = /* @__PURE__ */ Object.freeze(['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'ar']);

const loaded = new Map<string, Translation>();

// `iw` is the withdrawn ISO 639 code for Hebrew that older Java and Android stacks still emit.
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'iw', 'fa', 'ur']);

/** `'pt-BR'` → `'pt'`; also accepts POSIX-style `'pt_BR'`. */
const primarySubtag = (lang: string | null | undefined): string => (lang ?? '').trim().split(/[-_]/, 1)[0].toLowerCase();

/**
 * The translation for a `lang` value such as `'de-AT'` if it is at hand: `null` when
 * none matches (English serves: the caller holds it), the table once loaded,
 * `undefined` while it must still load. English is not imported here, so the
 * launcher does not carry the whole English table (see launcher-strings.ts).
 */
export function stringsFor(lang: string | null | undefined): Translation | null | undefined {
  const subtag = primarySubtag(lang);
  // Own keys only, so 'constructor' or '__proto__' can never reach Object.prototype.
  return Object.hasOwn(LOADERS, subtag) ? loaded.get(subtag) : null;
}

/** The translation for `lang`, loading its chunk the first time (`null` at once when none matches). */
export async function loadStrings(lang: string | null | undefined): Promise<Translation | null> {
  const subtag = primarySubtag(lang);
  const ready = stringsFor(subtag);
  if (ready !== undefined) return ready;
  const table = (await LOADERS[subtag]())[subtag];
  loaded.set(subtag, table);
  return table;
}

/** `english`'s keys with a translation's texts: the keys it has, in its order, take the texts in theirs. */
export function withTexts(english: Partial<TotebotStrings>, translation: Translation | null): Partial<TotebotStrings> | null {
  return Array.isArray(translation) ? Object.fromEntries(Object.keys(english).map((key, index) => [key, translation[index]])) : (translation as TotebotStrings | null);
}

/** Whether text in `lang` runs right to left (Arabic, Hebrew, Persian, Urdu). */
export function isRightToLeft(lang: string | null | undefined): boolean {
  return RIGHT_TO_LEFT.has(primarySubtag(lang));
}
