/**
 * The bundled translations and how a page's `lang` picks one. Only the primary
 * language subtag matters (BCP 47, RFC 5646 §2.2.1): regional variants share a table.
 */
import { ENGLISH, type TotebotStrings } from '../strings.js';
import { ar } from './ar.js';
import { de } from './de.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { nl } from './nl.js';
import { pt } from './pt.js';

/** Every bundled table, keyed by lower-case primary language subtag. */
export const TRANSLATIONS: Readonly<Record<string, TotebotStrings>> = Object.freeze({ en: ENGLISH, de, fr, es, it, nl, pt, ar });

// `iw` is the withdrawn ISO 639 code for Hebrew that older Java and Android stacks still emit.
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'iw', 'fa', 'ur']);

/** `'pt-BR'` → `'pt'`; also accepts POSIX-style `'pt_BR'`. */
const primarySubtag = (lang: string | null | undefined): string => (lang ?? '').trim().split(/[-_]/, 1)[0].toLowerCase();

/** The table for a `lang` value such as `'de-AT'`; English when none matches. */
export function stringsFor(lang: string | null | undefined): TotebotStrings {
  const subtag = primarySubtag(lang);
  // Own keys only, so 'constructor' or '__proto__' can never reach Object.prototype.
  return Object.hasOwn(TRANSLATIONS, subtag) ? TRANSLATIONS[subtag] : ENGLISH;
}

/** Whether text in `lang` runs right to left (Arabic, Hebrew, Persian, Urdu). */
export function isRightToLeft(lang: string | null | undefined): boolean {
  return RIGHT_TO_LEFT.has(primarySubtag(lang));
}
