import type { KnownBlock } from '@slack/types';
import { code } from './escape.js';
import { ACTION, BLOCK, COMMAND } from './ids.js';
import { actions, button, context, header, section } from './kit.js';
import { finishMessage } from './message.js';
import { BUTTON, HELP_FALLBACK, HELP_TITLE, JOB_REF_HELP } from './strings.js';
import { truncate } from './truncate.js';
import type { SlackMessage, ViewContext } from './types.js';

export interface HelpCommand {
  /** The sub-command word, as the parser knows it. */
  name: string;
  usage: string;
  description: string;
  example: string;
}

export const HELP_COMMANDS: readonly HelpCommand[] = [
  { name: 'help', usage: 'help', description: 'Show this message.', example: 'help' },
  {
    name: 'list',
    usage: 'list [status:RUNNING] [model:X] [suffix:X] [wandb:PROJECT] [mine] [page:N]',
    description: 'List jobs, newest first. `mine` keeps the jobs you created here.',
    example: 'list status:RUNNING mine',
  },
  { name: 'status', usage: 'status <job>', description: "Show a job's card.", example: 'status 1a2b3c4d' },
  { name: 'create', usage: 'create', description: 'Open the form for a new job.', example: 'create' },
  {
    name: 'start',
    usage: 'start <job>',
    description: 'Start training a validated job that was created without auto-start.',
    example: 'start 1a2b3c4d',
  },
  { name: 'cancel', usage: 'cancel <job>', description: 'Cancel a job.', example: 'cancel 1a2b3c4d' },
  {
    name: 'watch',
    usage: 'watch <job> [#channel]',
    description: 'Post status changes of a job here, or in #channel.',
    example: 'watch 1a2b3c4d #ml-team',
  },
  {
    name: 'unwatch',
    usage: 'unwatch <job> [#channel]',
    description: 'Stop posting status changes of a job.',
    example: 'unwatch 1a2b3c4d',
  },
  {
    name: 'watching',
    usage: 'watching',
    description: 'List the jobs watched in this channel.',
    example: 'watching',
  },
];

/** What the user typed is echoed back, so it is cut and put in code (it could be anything). */
const MAX_ECHO = 100;

export function unknownCommandSentence(unknown: string, suggestion?: string): string {
  const typed = code(truncate(`${COMMAND} ${unknown}`, MAX_ECHO));
  const hint = suggestion ? ` Did you mean ${code(truncate(suggestion, MAX_ECHO))}?` : '';
  return `I don't know ${typed}.${hint}`;
}

function commandLine(c: HelpCommand): string {
  return `${code(`${COMMAND} ${c.usage}`)}\n${c.description} Example: ${code(`${COMMAND} ${c.example}`)}`;
}

export function buildHelpMessage(
  ctx: ViewContext,
  opts: { unknown?: string; suggestion?: string } = {},
): SlackMessage {
  const blocks: KnownBlock[] = [];
  let text = HELP_FALLBACK;
  if (opts.unknown !== undefined) {
    text = unknownCommandSentence(opts.unknown, opts.suggestion);
    blocks.push(section(BLOCK.helpUnknown, text));
  }
  blocks.push(
    header(BLOCK.helpHeader, HELP_TITLE),
    section(BLOCK.helpCommands, HELP_COMMANDS.map(commandLine).join('\n\n')),
    context(BLOCK.helpJobRef, [`${JOB_REF_HELP} Jobs run on ${ctx.backendLabel}.`]),
    actions(BLOCK.helpActions, [
      button({ actionId: ACTION.openCreate, text: BUTTON.createJob, value: 'create', style: 'primary' }),
    ]),
  );
  return finishMessage(ctx, text, blocks, { keepTail: 1 });
}
