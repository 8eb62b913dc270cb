// The bare Bolt baseline as its own process, in plain JavaScript so `node` runs it without tsx (whose
// loader would inflate the baseline). Same Bolt, receiver and listeners as bare-bolt.ts. Environment:
// SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL. Prints one JSON line with its port when ready.
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: LogLevel.ERROR,
  deferInitialization: true,
});
const ack = async ({ ack }) => {
  await ack();
};
app.command(/.*/, ack);
app.view(/.*/, ack);
app.action(/.*/, ack);
await app.init();
const server = await app.start(0);
console.log(JSON.stringify({ msg: 'bare bolt is running', port: server.address().port }));
process.once('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
