export declare const ENGINES: readonly ['chromium', 'firefox', 'webkit'];
export type Engine = (typeof ENGINES)[number];
/** Splits `--engine X` from the arguments meant for Web Test Runner. */
export declare function parseEngineArgs(args: string[], fallback?: string): { engines: Engine[]; rest: string[] };
/** One Web Test Runner run in `engine`. */
export declare function runBrowserTests(engine: Engine, wtrArgs?: string[]): Promise<{ ok: boolean; seconds: number }>;
