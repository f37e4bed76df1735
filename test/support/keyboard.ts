/**
 * Browser tests: keys pressed together (Shift+Tab) in every engine, through the plugin in
 * key-chord-plugin.ts. Key names are W3C key values: ' ' for the space bar, which is
 * what Firefox's WebDriver BiDi keyboard knows (it has no key named 'Space').
 */
import { executeServerCommand } from '@web/test-runner-commands';

export async function pressKeys(...keys: string[]): Promise<void> {
  await executeServerCommand('totebot-press-keys', { keys });
}
