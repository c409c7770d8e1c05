/** The server's Node flags (server-flags.mjs). */
export declare const YOUNG_GENERATION_FLAGS: string[];
export declare const EARLY_CODE_FLAGS: string[];
export declare const SERVER_NODE_FLAGS: string[];
