/**
 * The script-tag entry (dist/totebot-chat.min.js): registers `<totebot-chat>`
 * and exports nothing, since a script tag cannot import; so the launcher's
 * file carries no code for the package's exports (the English table, say).
 */
import './index.js';
