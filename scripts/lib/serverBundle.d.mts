export declare const root: string;
export declare const serverBundle: string;
export declare function newestMtime(dir: string): number;
export declare function ensureServerBundle(options?: { log?: (message: string) => void }): Promise<string>;
export declare function bundle(entry: string, outfile: string): Promise<void>;
