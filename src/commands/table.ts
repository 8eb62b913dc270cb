import type { HelpCommand } from '../views/help-message.js';
import { handleAudit } from './audit.js';
import { handleBudget } from './budget.js';
import { handleCancel } from './cancel.js';
import { handleChart } from './chart.js';
import { handleCompare } from './compare.js';
import type { SubcommandHandler } from './context.js';
import { handleCreate } from './create.js';
import { handleHelp } from './help.js';
import { handleList } from './list.js';
import { handleMute } from './mute.js';
import { handleSettings } from './settings.js';
import { handleStart } from './start.js';
import { handleStatus } from './status.js';
import { handleUnmute } from './unmute.js';
import { handleUnwatch } from './unwatch.js';
import { handleUpload } from './upload.js';
import { handleWatch } from './watch.js';
import { handleWatching } from './watching.js';

/** One sub-command of `/finetune`: what the parser, "did you mean", the help and the tests know of it. */
export interface CommandSpec extends HelpCommand {
  handler: SubcommandHandler;
}

/** The only sub-command table, in the order the help lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'help',
    usage: 'help',
    description: 'Show this message.',
    example: 'help',
    operatorOnly: false,
    handler: handleHelp,
  },
  {
    name: 'list',
    usage: 'list [status:RUNNING] [model:X] [suffix:X] [wandb:PROJECT] [mine] [page:N]',
    description: 'List jobs, newest first. `mine` keeps the jobs you created here.',
    example: 'list status:RUNNING mine',
    operatorOnly: false,
    handler: handleList,
  },
  {
    name: 'status',
    usage: 'status <job>',
    description: "Show a job's card.",
    example: 'status 1a2b3c4d',
    operatorOnly: false,
    handler: handleStatus,
  },
  {
    name: 'chart',
    usage: 'chart <job>',
    description: "Post a job's loss chart (in the thread of its card, when it has one here).",
    example: 'chart 1a2b3c4d',
    operatorOnly: false,
    handler: handleChart,
  },
  {
    name: 'compare',
    usage: 'compare <job> <job>…',
    description: 'Post the validation loss of two to five jobs on one chart.',
    example: 'compare 1a2b3c4d 5e6f7a8b',
    operatorOnly: false,
    handler: handleCompare,
  },
  {
    name: 'create',
    usage: 'create',
    description: 'Open the form for a new job.',
    example: 'create',
    operatorOnly: true,
    handler: handleCreate,
  },
  {
    name: 'upload',
    usage: 'upload',
    description: 'Upload a `.jsonl` training file: it is checked line by line before it is sent.',
    example: 'upload',
    operatorOnly: true,
    handler: handleUpload,
  },
  {
    name: 'start',
    usage: 'start <job>',
    description: 'Start training a validated job that was created without auto-start.',
    example: 'start 1a2b3c4d',
    operatorOnly: true,
    handler: handleStart,
  },
  {
    name: 'cancel',
    usage: 'cancel <job>',
    description: 'Cancel a job.',
    example: 'cancel 1a2b3c4d',
    operatorOnly: true,
    handler: handleCancel,
  },
  {
    name: 'watch',
    usage: 'watch <job> [#channel] [only:…] [broadcast:…] [mention:…]',
    description:
      'Post status changes of a job here, or in #channel. `only:all|terminal|failures`: what the thread gets. `broadcast:failures|always|never`: the end also in the channel (on a failure only by default). `mention:creator|@group|none`: who is told of a failure. Typed again with options, it changes them.',
    example: 'watch 1a2b3c4d #ml-team only:failures',
    operatorOnly: false,
    handler: handleWatch,
  },
  {
    name: 'unwatch',
    usage: 'unwatch <job> [#channel]',
    description: 'Stop posting status changes of a job.',
    example: 'unwatch 1a2b3c4d',
    operatorOnly: false,
    handler: handleUnwatch,
  },
  {
    name: 'mute',
    usage: 'mute <job> [#channel] <duration>',
    description:
      "Nothing in the job's thread for a while (the card keeps updating); one reply then sums it up.",
    example: 'mute 1a2b3c4d 2h',
    operatorOnly: false,
    handler: handleMute,
  },
  {
    name: 'unmute',
    usage: 'unmute <job> [#channel]',
    description: 'End a mute now, with its summary.',
    example: 'unmute 1a2b3c4d',
    operatorOnly: false,
    handler: handleUnmute,
  },
  {
    name: 'settings',
    usage: 'settings [only:…] [broadcast:…] [mention:…]',
    description: 'Show or set what new watches in this channel take (same options as `watch`).',
    example: 'settings only:terminal mention:none',
    operatorOnly: true,
    handler: handleSettings,
  },
  {
    name: 'watching',
    usage: 'watching',
    description: 'List the jobs watched in this channel.',
    example: 'watching',
    operatorOnly: false,
    handler: handleWatching,
  },
  {
    name: 'audit',
    usage: 'audit [#channel] [days:N]',
    description: 'Show the latest entries of the audit log: creates, starts, cancels, approvals, refusals.',
    example: 'audit #ml-team days:30',
    operatorOnly: true,
    handler: handleAudit,
  },
  {
    name: 'budget',
    usage: 'budget [#channel] [<amount> per month | off]',
    description: "Set, remove or show a channel's monthly budget: set, spent and committed, per currency.",
    example: 'budget #ml-team 500 USD per month',
    operatorOnly: true,
    handler: handleBudget,
  },
];

export const COMMAND_NAMES: readonly string[] = COMMANDS.map((c) => c.name);

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
