/** Makes sure WebKitWebDriver, MiniBrowser and Xvfb are there (installing them as root on Debian). */
export declare function ensureWebKit(): void;
/** The capabilities webdriverio asks WebKitWebDriver for. */
export declare const WEBKIT_CAPABILITIES: {
  browserName: string;
  'wdio:enforceWebDriverClassic': true;
  'webkitgtk:browserOptions': { binary: string; args: string[] };
};
export interface RunningWebKit {
  /** WebKitWebDriver's port on 127.0.0.1. */
  port: number;
  /** The Xvfb display MiniBrowser shows on, e.g. `:99`. */
  display: string;
  /** Ends the driver (with the browsers it started) and Xvfb. */
  stop(): Promise<void>;
}
/** Starts Xvfb on a free display and WebKitWebDriver on a free port. */
export declare function startWebKit(options?: { screen?: string }): Promise<RunningWebKit>;
