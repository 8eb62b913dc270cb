import type { KnownBlock } from '@slack/types';
import { code } from './escape.js';
import { ACTION, BLOCK, COMMAND } from './ids.js';
import { actions, button, context, header, section } from './kit.js';
import { finishMessage } from './message.js';
import { BUTTON, HELP_TITLE, JOB_REF_HELP } from './strings.js';
import { truncate } from './truncate.js';
import type { SlackMessage, ViewContext } from './types.js';

export interface HelpCommand {
  /** The sub-command word, as the parser knows it. */
  name: string;
  usage: string;
  description: string;
  example: string;
  /** Only FINETUNE_OPERATORS may run it (when that is set). */
  operatorOnly: boolean;
}

/** `Usage: /finetune <usage>` as code, escaped (a bare `<job>` would be read as a link). */
export function usageLine(c: HelpCommand): string {
  return `Usage: ${code(`${COMMAND} ${c.usage}`)}`;
}

/** The answer to a command typed without the job it needs. */
export function whichJobSentence(c: HelpCommand): string {
  return `Which job? ${usageLine(c)}. ${JOB_REF_HELP}`;
}

export function helpFallback(commands: readonly HelpCommand[]): string {
  return `${HELP_TITLE} commands: ${commands.map((c) => c.name).join(', ')}`;
}

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
  commands: readonly HelpCommand[],
  opts: { unknown?: string; suggestion?: string } = {},
): SlackMessage {
  const blocks: KnownBlock[] = [];
  let text = helpFallback(commands);
  if (opts.unknown !== undefined) {
    text = unknownCommandSentence(opts.unknown, opts.suggestion);
    blocks.push(section(BLOCK.helpUnknown, text));
  }
  blocks.push(
    header(BLOCK.helpHeader, HELP_TITLE),
    section(BLOCK.helpCommands, commands.map(commandLine).join('\n\n')),
    context(BLOCK.helpJobRef, [`${JOB_REF_HELP} Jobs run on ${ctx.backendLabel}.`]),
    actions(BLOCK.helpActions, [
      button({ actionId: ACTION.openCreate, text: BUTTON.createJob, value: 'create', style: 'primary' }),
    ]),
  );
  return finishMessage(ctx, text, blocks, { keepTail: 1 });
}
