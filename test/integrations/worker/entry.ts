/** The whole Cloudflare Worker: the proxy object is the default export; bindings supply the settings. */
import { createProxy } from '../../../proxy/handler.js';

export default createProxy({ log: () => {} });
