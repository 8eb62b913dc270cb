/**
 * The few raw Redis commands the app needs beyond Keyv: sets for indexes, SET NX PX and a
 * compare-and-delete script for leases, PTTL and PEXPIRE for per-channel post slots. A narrow type
 * keeps node-redis' generics out of the app.
 */
export interface RedisClient {
  sAdd(key: string, member: string): Promise<unknown>;
  sRem(key: string, member: string): Promise<unknown>;
  sMembers(key: string): Promise<string[]>;
  set(key: string, value: string, options: { NX?: true; PX?: number }): Promise<string | null>;
  /** Milliseconds the key has left; -1 when it has no expiry, -2 when it does not exist. */
  pTTL(key: string): Promise<number>;
  /** 1 when the expiry was set; `NX`: only if the key has none. */
  pExpire(key: string, ms: number, mode?: 'NX'): Promise<number>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  quit(): Promise<unknown>;
}
