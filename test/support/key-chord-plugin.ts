/**
 * Web Test Runner plugin (server side) for `pressKeys()` in test/support/keyboard.ts: presses
 * keys together, as a person holding Shift presses Tab. The runner's own `sendKeys` cannot
 * hold a key down in WebDriver sessions (it accepts only `press` and `type` there), which
 * Shift+Tab needs. Key names are the W3C ones both protocols share ('Shift', 'Tab', ' ').
 */
import type { TestRunnerPlugin } from '@web/test-runner';

interface PuppeteerKeyboard {
  down(key: string): Promise<void>;
  up(key: string): Promise<void>;
}

interface ChordSession {
  id: string;
  browser: {
    type: string;
    getPage?(sessionId: string): { keyboard: PuppeteerKeyboard };
    /** WebdriverLauncher: presses every key in order, then releases them (webdriverio's `keys`). */
    sendKeys?(sessionId: string, keys: string[]): Promise<void>;
  };
}

export const PRESS_KEYS_COMMAND = 'totebot-press-keys';

export function keyChordPlugin(): TestRunnerPlugin {
  return {
    name: 'totebot-key-chord',
    async executeCommand({ command, payload, session }) {
      if (command !== PRESS_KEYS_COMMAND) return undefined;
      const { keys } = payload as { keys: string[] };
      if (!Array.isArray(keys) || keys.length === 0 || !keys.every((key) => typeof key === 'string')) {
        throw new Error(`${PRESS_KEYS_COMMAND} needs { keys: string[] }`);
      }
      const { browser, id } = session as unknown as ChordSession;
      if (browser.type === 'puppeteer' && browser.getPage) {
        const { keyboard } = browser.getPage(id);
        for (const key of keys) await keyboard.down(key);
        for (const key of [...keys].reverse()) await keyboard.up(key);
        return true;
      }
      if (browser.type === 'webdriver' && browser.sendKeys) {
        await browser.sendKeys(id, keys);
        return true;
      }
      throw new Error(`${PRESS_KEYS_COMMAND} does not support ${browser.type} sessions.`);
    },
  };
}
