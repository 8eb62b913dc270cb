/** IPC between the ack benchmarks and their load generator (bench/lib/ack-load-main.ts). */

/** Run one closed-loop round of signed slash commands. */
export interface RoundRequest {
  type: 'round';
  appUrl: string;
  signingSecret: string;
  /** The stand-in's team, which the app was started on. */
  teamId: string;
  /** The command's text, e.g. `status 1a2b3c4d`. */
  text: string;
  total: number;
  concurrency: number;
  /** Where the commands' response URLs point: `<sinkUrl>/response/<id>`. */
  sinkUrl: string;
  /** The app: wait for each command's answer. The bare app sends none: wait `thinkMs` instead. */
  awaitAnswer: boolean;
  thinkMs: number;
}

/**
 * Collect garbage now (the benchmark sends it between rounds, outside every measured window). This
 * process holds the clock: its first mark-compact (about 8 ms, with its incremental marking) fell in
 * the 5th round, about 40 s in, which was the slowest round for both apps in most runs; with a full
 * collection between rounds none falls inside one.
 */
export interface Collect {
  type: 'collect';
}

/** The response sink took a post for this response_url id (`error` when it was not the expected answer). */
export interface Answered {
  type: 'answered';
  id: string;
  error?: string;
}

/**
 * Ack times by command (the first `concurrency` opened the round together), and for the app the times
 * until the answer came, in ms from sending each command.
 */
export type RoundReport =
  | { type: 'round-done'; acks: number[]; answers: number[] }
  | { type: 'round-failed'; error: string };
