/** REDIS_SERVER_PATH or the usual paths; installs Debian's redis-server as root when none exists. */
export declare function ensureRedis(): string;
