/**
 * What the launcher says before the panel has loaded, and `format()`: kept out
 * of strings.ts so a page loads five English texts, not the whole table, until
 * the shopper shows interest (the panel chunk brings the rest). strings.ts
 * builds the whole table on it, so its texts are checked against TotebotStrings there.
 */
export const LAUNCHER_ENGLISH = {
  openChat: 'Open chat',
  openChatUnread: 'Open chat ({count} new)',
  closeChat: 'Close chat',
  panelLabel: 'Chat with {agent}',
  defaultAgentName: 'Assistant',
};

/** Fills `{name}` placeholders; unknown ones stay as they are. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
