/**
 * Slack's Block Kit limits, as Slack documents them (checked by test/views/block-kit-checker.test.ts). Builders cut text to these instead of
 * letting Slack reject the whole message with `invalid_blocks`.
 */
export const LIMITS = {
  messageBlocks: 50,
  sectionText: 3000,
  fieldText: 2000,
  sectionFields: 10,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** `msg_blocks_too_long` arrives at about 13.2k characters; 12k leaves room for the containers. */
  cumulativeText: 12_000,
  /** Slack allows 40k but recommends ≤ 4k; a notification never needs more than this. */
  fallbackText: 3000,
} as const;
