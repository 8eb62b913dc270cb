import { describe, expect, it } from 'vitest';
import { MISTRAL_CAPABILITIES } from '../../src/backend/capabilities.js';
import { OPENAI_CAPABILITIES } from '../../src/backend/openai/capabilities.js';
import { TOGETHER_CAPABILITIES } from '../../src/backend/together/capabilities.js';
import { findJobReference, jobIdInConsoleUrl, messageTexts } from '../../src/use-cases/job-links.js';

const UUID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const FTJOB = 'ftjob-abc123DEF456ghi789';

describe('jobIdInConsoleUrl: each adapter names its console pages of a job', () => {
  it.each([
    [MISTRAL_CAPABILITIES, `https://console.mistral.ai/build/finetuned-models/${UUID}`, UUID],
    [
      MISTRAL_CAPABILITIES,
      `https://console.mistral.ai/build/finetuned-models/jobs/${UUID}?tab=metrics`,
      UUID,
    ],
    [TOGETHER_CAPABILITIES, `https://api.together.ai/fine-tuning/ft-${UUID}`, `ft-${UUID}`],
    [TOGETHER_CAPABILITIES, `https://api.together.xyz/fine-tuning/ft-${UUID}/`, `ft-${UUID}`],
    [TOGETHER_CAPABILITIES, `https://together.ai/fine-tuning/${UUID}`, UUID],
    [OPENAI_CAPABILITIES, `https://platform.openai.com/finetune/${FTJOB}?filter=all`, FTJOB],
    [
      OPENAI_CAPABILITIES,
      `https://ai.azure.com/resource/fine-tuning/${FTJOB}?wsid=/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/a&tid=t`,
      FTJOB,
    ],
  ])('%#: %s', (caps, url, id) => {
    expect(jobIdInConsoleUrl(caps, url)).toBe(id);
  });

  it.each([
    [MISTRAL_CAPABILITIES, 'https://console.mistral.ai/build/finetuned-models'],
    [MISTRAL_CAPABILITIES, `https://console.mistral.ai.evil.example/x/${UUID}`],
    [MISTRAL_CAPABILITIES, `https://evil.example/?u=https://console.mistral.ai/${UUID}`],
    [TOGETHER_CAPABILITIES, `https://api.together.ai/models/ft-${UUID}`],
    [TOGETHER_CAPABILITIES, `https://platform.openai.com/finetune/${FTJOB}`],
    [OPENAI_CAPABILITIES, `https://platform.openai.com/playground?model=${FTJOB}`],
    [OPENAI_CAPABILITIES, `https://api.together.ai/fine-tuning/ft-${UUID}`],
  ])('%#: not a job page of that provider: %s', (caps, url) => {
    expect(jobIdInConsoleUrl(caps, url)).toBeUndefined();
  });
});

describe('findJobReference: the job a message points at', () => {
  it('takes a console link first, in Slack link markup with a label', () => {
    const text = `see ${FTJOB.replace('abc', 'zzz')} or <https://platform.openai.com/finetune/${FTJOB}|the run>`;
    expect(findJobReference(OPENAI_CAPABILITIES, [text])).toBe(FTJOB);
  });

  it('else a full job id among the words', () => {
    expect(findJobReference(MISTRAL_CAPABILITIES, [`can someone watch ${UUID}? thanks`])).toBe(UUID);
    expect(findJobReference(TOGETHER_CAPABILITIES, [`job \`ft-${UUID}\` failed`])).toBe(`ft-${UUID}`);
  });

  it('finds nothing in a message without a job, nor a prefix, nor another provider’s id', () => {
    expect(findJobReference(MISTRAL_CAPABILITIES, ['lunch at noon?'])).toBeUndefined();
    expect(findJobReference(MISTRAL_CAPABILITIES, ['job 0a1b2c3d is slow'])).toBeUndefined();
    expect(findJobReference(MISTRAL_CAPABILITIES, [`see ${FTJOB}`])).toBeUndefined();
  });

  it('reads the texts of a message: blocks and rich-text links included', () => {
    const message = {
      text: 'look',
      blocks: [
        {
          type: 'rich_text',
          elements: [
            {
              type: 'rich_text_section',
              elements: [{ type: 'link', url: `https://api.together.ai/fine-tuning/ft-${UUID}` }],
            },
          ],
        },
      ],
    };
    expect(findJobReference(TOGETHER_CAPABILITIES, messageTexts(message))).toBe(`ft-${UUID}`);
  });
});
