/**
 * The few raw Redis commands the app needs beyond Keyv: sets for indexes, SET NX PX and a
 * compare-and-delete script for leases. A narrow type keeps node-redis' generics out of the app.
 */
export interface RedisClient {
  sAdd(key: string, member: string): Promise<unknown>;
  sRem(key: string, member: string): Promise<unknown>;
  sMembers(key: string): Promise<string[]>;
  set(key: string, value: string, options: { NX?: true; PX?: number }): Promise<string | null>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  quit(): Promise<unknown>;
}
