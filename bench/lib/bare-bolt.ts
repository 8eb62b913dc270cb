import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET } from '../../devtools/local-stack.js';
import { SlackDriver } from '../../devtools/slack-driver.js';
import type { SlackStandin } from '../../devtools/slack-standin.js';

export interface BareBolt {
  driver: SlackDriver;
  close(): Promise<void>;
}

/**
 * The baseline: the same Bolt version with the same HTTPReceiver and signing secret, whose listeners
 * only ack. Whatever it costs is the floor for any Bolt app on this machine at this moment.
 */
export async function startBareBolt(standin: SlackStandin): Promise<BareBolt> {
  const app = new App({
    token: LOCAL_BOT_TOKEN,
    signingSecret: LOCAL_SIGNING_SECRET,
    clientOptions: { slackApiUrl: standin.apiUrl },
    logLevel: LogLevel.ERROR,
    deferInitialization: true,
  });
  app.command(/.*/, async ({ ack }) => {
    await ack();
  });
  app.view(/.*/, async ({ ack }) => {
    await ack();
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  await app.init();
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  const driver = new SlackDriver({
    appUrl: `http://127.0.0.1:${port}/slack/events`,
    signingSecret: LOCAL_SIGNING_SECRET,
    standin,
  });
  return {
    driver,
    async close() {
      await app.stop();
    },
  };
}
