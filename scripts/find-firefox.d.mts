/** FIREFOX_PATH or the first usual path that exists. */
export declare function findFirefox(): string | undefined;
/** Like findFirefox, but installs Debian's firefox-esr as root when none exists. */
export declare function ensureFirefox(): string;
