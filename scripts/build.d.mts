export declare const ROOT: string;
/** The compiled entry point, `dist/main.js`. */
export declare const ENTRY: string;
/** The V8 heap flags `npm start` runs the app with. */
export declare const NODE_FLAGS: readonly string[];
/** The environment `npm start` runs the app with (glibc malloc arenas). */
export declare const NODE_ENV: Readonly<Record<string, string>>;
export declare function isStale(root?: string): boolean;
export declare function build(): void;
export declare function ensureBuilt(): boolean;
