import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LAUNCHER_ENGLISH } from '../../src/launcher-strings.js';
import { ENGLISH, type TotebotStrings } from '../../src/strings.js';
import { isRightToLeft, LANGUAGES, loadStrings, stringsFor, withTexts } from '../../src/i18n/locales.js';
import * as locales from '../../src/i18n/locales.js';
import { ar } from '../../src/i18n/ar.js';
import { de } from '../../src/i18n/de.js';
import { es } from '../../src/i18n/es.js';
import { fr } from '../../src/i18n/fr.js';
import { it as italian } from '../../src/i18n/it.js';
import { nl } from '../../src/i18n/nl.js';
import { pt } from '../../src/i18n/pt.js';

/** Every table, read straight from its module (the widget loads them lazily). */
const TRANSLATIONS: Readonly<Record<string, TotebotStrings>> = { en: ENGLISH, de, fr, es, it: italian, nl, pt, ar };

type Key = keyof TotebotStrings;

/** The same pattern `format()` fills. */
const placeholders = (template: string): string[] => [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort();

const englishKeys = Object.keys(ENGLISH).sort() as Key[];
const translated = Object.entries(TRANSLATIONS).filter(([code]) => code !== 'en');

/**
 * Values that may stay word for word English because they are correct as they are.
 * Kept minimal: a test below fails if an entry no longer matches English.
 */
const SAME_AS_ENGLISH: Readonly<Record<string, readonly Key[]>> = {
  // Only a placeholder and an ellipsis.
  de: ['actionRunning', 'replyAnnouncement'],
  es: ['actionRunning', 'replyAnnouncement'],
  it: ['actionRunning', 'replyAnnouncement'],
  nl: ['actionRunning', 'replyAnnouncement'],
  pt: ['actionRunning', 'replyAnnouncement'],
  ar: ['actionRunning', 'replyAnnouncement'],
  // French spaces its colon, so only two true cognates remain.
  fr: ['actionRunning', 'defaultAgentName', 'messageLabel'],
};

describe('LANGUAGES', () => {
  it('lists English first and the seven translations', () => {
    assert.equal(LANGUAGES[0], 'en');
    assert.deepEqual([...LANGUAGES].sort(), ['ar', 'de', 'en', 'es', 'fr', 'it', 'nl', 'pt']);
  });

  it('is frozen', () => {
    assert.ok(Object.isFrozen(LANGUAGES));
  });

  it('the module exports only LANGUAGES, loadStrings, stringsFor, withTexts and isRightToLeft', () => {
    assert.deepEqual(Object.keys(locales).sort(), ['LANGUAGES', 'isRightToLeft', 'loadStrings', 'stringsFor', 'withTexts']);
  });

  it('every allow-listed language exists', () => {
    assert.deepEqual(Object.keys(SAME_AS_ENGLISH).sort(), translated.map(([code]) => code).sort());
  });
});

for (const [code, table] of translated) {
  describe(`${code} strings`, () => {
    it('has exactly the English keys', () => {
      assert.deepEqual(Object.keys(table).sort(), englishKeys);
    });

    it("lists them in the English table's order, which its CDN chunk's texts alone keep (scripts/translation-texts.ts)", () => {
      assert.deepEqual(Object.keys(table), Object.keys(ENGLISH));
    });

    it('keeps every placeholder name of the English value', () => {
      for (const key of englishKeys) {
        assert.deepEqual(placeholders(table[key]), placeholders(ENGLISH[key]), `${code}.${key}: ${table[key]}`);
      }
    });

    it('has no empty or space-padded value', () => {
      for (const key of englishKeys) {
        assert.equal(typeof table[key], 'string', `${code}.${key}`);
        assert.notEqual(table[key].trim(), '', `${code}.${key} is empty`);
        assert.equal(table[key], table[key].trim(), `${code}.${key} has leading or trailing space`);
      }
    });

    it('translates every value outside the allow-list', () => {
      const allowed = new Set(SAME_AS_ENGLISH[code]);
      for (const key of englishKeys) {
        if (!allowed.has(key)) assert.notEqual(table[key], ENGLISH[key], `${code}.${key} is still English`);
      }
    });

    it('allow-lists only values that really equal English', () => {
      for (const key of SAME_AS_ENGLISH[code] ?? []) assert.equal(table[key], ENGLISH[key], `${code}.${key} no longer needs allowing`);
    });

    it('keeps the ellipsis character where English has one, never three dots', () => {
      for (const key of englishKeys) {
        assert.ok(!table[key].includes('...'), `${code}.${key} uses three dots`);
        if (ENGLISH[key].endsWith('…')) assert.ok(table[key].endsWith('…'), `${code}.${key} lost its ellipsis`);
      }
    });

    it('announces a reply as the agent name, then the text', () => {
      assert.match(table.replyAnnouncement, /^\{agent\}\s?:\s\{text\}$/u);
    });
  });
}

// Order matters: the first test sees no translation loaded yet.
describe('stringsFor and loadStrings', () => {
  it('answers null (English, which the caller holds) at once, and no translation before it loads', () => {
    assert.equal(stringsFor('en'), null);
    for (const code of LANGUAGES.filter((code) => code !== 'en')) assert.equal(stringsFor(code), undefined, code);
  });

  it('loads each table by its exact code, then has it at hand', async () => {
    for (const [code, table] of Object.entries(TRANSLATIONS)) {
      if (code === 'en') continue;
      assert.equal(await loadStrings(code), table, code);
      assert.equal(stringsFor(code), table, code);
    }
  });

  it('matches on the primary subtag only', async () => {
    assert.equal(await loadStrings('de-AT'), TRANSLATIONS.de);
    assert.equal(await loadStrings('de-CH'), TRANSLATIONS.de);
    assert.equal(await loadStrings('fr-CA'), TRANSLATIONS.fr);
    assert.equal(await loadStrings('es-419'), TRANSLATIONS.es);
    assert.equal(await loadStrings('nl-BE'), TRANSLATIONS.nl);
    assert.equal(await loadStrings('pt-PT'), TRANSLATIONS.pt);
    assert.equal(stringsFor('ar-EG'), TRANSLATIONS.ar);
    assert.equal(await loadStrings('en-GB'), null);
    assert.equal(stringsFor('zh-Hant-TW'), null);
  });

  it('ignores case, surrounding space and POSIX underscores', async () => {
    assert.equal(await loadStrings('PT-br'), TRANSLATIONS.pt);
    assert.equal(stringsFor('IT'), TRANSLATIONS.it);
    assert.equal(stringsFor(' de '), TRANSLATIONS.de);
    assert.equal(await loadStrings('pt_BR'), TRANSLATIONS.pt);
  });

  it('falls back to English (null) for unknown, empty and missing values', async () => {
    for (const lang of ['zh', 'ja-JP', 'x-klingon', '', '   ', '-de', null, undefined]) {
      assert.equal(stringsFor(lang), null, String(lang));
      assert.equal(await loadStrings(lang), null, String(lang));
    }
  });

  it('never returns inherited object members', async () => {
    for (const lang of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf-x']) {
      assert.equal(stringsFor(lang), null, lang);
      assert.equal(await loadStrings(lang), null, lang);
    }
  });
});

describe('withTexts', () => {
  it("gives a translation's texts, as its CDN chunk holds them, the English table's keys", () => {
    for (const [code, table] of translated) assert.deepEqual(withTexts(ENGLISH, Object.values(table)), table, code);
  });

  it("gives the launcher's texts alone their keys before the panel brings the whole English table", () => {
    const launcherKeys = Object.keys(LAUNCHER_ENGLISH);
    assert.deepEqual(Object.keys(ENGLISH).slice(0, launcherKeys.length), launcherKeys);
    assert.deepEqual(withTexts(LAUNCHER_ENGLISH, Object.values(de)), { openChat: de.openChat, openChatUnread: de.openChatUnread, closeChat: de.closeChat, panelLabel: de.panelLabel, defaultAgentName: de.defaultAgentName });
  });

  it('passes a table, and English (null), through as they are', () => {
    assert.equal(withTexts(ENGLISH, de), de);
    assert.equal(withTexts(ENGLISH, null), null);
  });
});

describe('isRightToLeft', () => {
  it('is true for Arabic, Hebrew (he and the old iw), Persian and Urdu', () => {
    for (const lang of ['ar', 'he', 'iw', 'fa', 'ur', 'ar-SA', 'HE-il', 'fa_IR', 'ur-PK', ' ar ']) assert.equal(isRightToLeft(lang), true, lang);
  });

  it('is false for left-to-right and missing languages', () => {
    for (const lang of ['en', 'de', 'fr-CA', 'zh', 'ja', 'ru', 'arn', 'heb', 'far', 'x-ar', '', null, undefined]) assert.equal(isRightToLeft(lang), false, String(lang));
  });

  it('agrees with the bundled tables: only Arabic is right to left', () => {
    assert.deepEqual(Object.keys(TRANSLATIONS).filter(isRightToLeft), ['ar']);
  });
});
