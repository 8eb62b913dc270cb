import type { WebClient } from '@slack/web-api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandin } from '../../devtools/slack-standin.js';
import { slackError, standinWithClient } from './standin-fixture.js';

const { standin, client }: { standin: SlackStandin; client: WebClient } = await standinWithClient();

beforeEach(() => standin.reset());
afterAll(() => standin.close());

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe('files.uploadV2 against the stand-in', () => {
  it('records the three steps in order and shares the file in the thread', async () => {
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'card' });
    const res = await client.filesUploadV2({
      channel_id: 'C1',
      thread_ts: parent.ts as string,
      file: PNG,
      filename: 'loss-job-1.png',
      title: 'Loss of job-1',
      alt_text: 'Training and validation loss by step',
    });
    expect(res.ok).toBe(true);
    const steps = standin.calls.map((c) => c.method).filter((m) => m.startsWith('files.'));
    expect(steps).toEqual(['files.getUploadURLExternal', 'files.upload', 'files.completeUploadExternal']);
    expect(standin.callsTo('files.getUploadURLExternal')[0]?.args).toMatchObject({
      filename: 'loss-job-1.png',
      length: String(PNG.length),
      alt_text: 'Training and validation loss by step',
    });
    expect(standin.callsTo('files.upload')[0]?.args).toMatchObject({ bytes: PNG.length });

    const replies = await client.conversations.replies({ channel: 'C1', ts: parent.ts as string });
    const shared = replies.messages?.[1];
    expect(shared?.files?.[0]).toMatchObject({
      name: 'loss-job-1.png',
      title: 'Loss of job-1',
      filetype: 'png',
      size: PNG.length,
    });
    expect(shared?.thread_ts).toBe(parent.ts);
    const [file] = standin.uploadedFiles();
    expect(file?.bytes.equals(PNG)).toBe(true);
  });

  it('refuses a thread that does not exist and shares nothing', async () => {
    const err = await slackError(
      client.filesUploadV2({ channel_id: 'C1', thread_ts: '1.000001', file: PNG, filename: 'a.png' }),
    );
    expect(err).toBe('thread_not_found');
    expect(standin.uploadedFiles()).toEqual([]);
  });

  it('refuses to complete a file whose bytes never arrived', async () => {
    const url = await client.files.getUploadURLExternal({ filename: 'a.png', length: 10 });
    const err = await slackError(
      client.files.completeUploadExternal({ files: [{ id: url.file_id as string }], channel_id: 'C1' }),
    );
    expect(err).toBe('file_not_found');
  });

  it('refuses alt text over 1000 characters', async () => {
    const err = await slackError(
      client.files.getUploadURLExternal({ filename: 'a.png', length: 10, alt_text: 'x'.repeat(1001) }),
    );
    expect(err).toBe('alt_txt_too_large');
  });
});
