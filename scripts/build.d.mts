export declare const ROOT: string;
/** The compiled entry point, `dist/main.js`. */
export declare const ENTRY: string;
export declare function isStale(root?: string): boolean;
export declare function build(): void;
export declare function ensureBuilt(): boolean;
