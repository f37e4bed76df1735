/** Flags Chromium needs as root on a closed network. */
export declare const CHROME_ARGS: string[];
/** CHROME_PATH or the first usual path that exists. */
export declare function findChrome(): string | undefined;
/** Like findChrome, but installs Debian's chromium as root when none exists. */
export declare function ensureChrome(): string;
