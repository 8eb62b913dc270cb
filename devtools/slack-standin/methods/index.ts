import { fileUploadMethods } from '../files-upload.js';
import { chatMethods } from './chat.js';
import { conversationMethods } from './conversations.js';
import { homeMethods } from './home.js';
import { identityMethods } from './identity.js';
import type { MethodHandler } from './result.js';
import { unfurlMethods } from './unfurl.js';
import { viewMethods } from './views.js';

/** Every Web API method the stand-in answers; anything else gets `unknown_method`, as from Slack. */
export const METHODS: ReadonlyMap<string, MethodHandler> = new Map(
  Object.entries({
    ...chatMethods,
    ...conversationMethods,
    ...identityMethods,
    ...viewMethods,
    ...fileUploadMethods,
    ...unfurlMethods,
    ...homeMethods,
  }),
);
