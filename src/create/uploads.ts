import { readFileInput, type UploadedFile } from '../slack/payload-schemas.js';
import { FORM_MSG } from '../views/form-messages.js';
import { UPLOAD } from '../views/ids.js';
import type { BlockErrors } from './form-schema.js';

export interface FormUploads {
  training?: UploadedFile;
  validation?: UploadedFile;
}

/**
 * The create form's file inputs, checked against the `file_input` payload schema: the files to
 * download, or an error under each field whose state Slack would never send.
 */
export function readFormUploads(
  values: unknown,
): { ok: true; uploads: FormUploads } | { ok: false; errors: BlockErrors } {
  const uploads: FormUploads = {};
  const errors: BlockErrors = {};
  for (const kind of ['training', 'validation'] as const) {
    const files = readFileInput(values, UPLOAD[kind].block, UPLOAD[kind].action);
    if (files === 'malformed') errors[UPLOAD[kind].block] = FORM_MSG.uploadMalformed;
    else if (files[0]) uploads[kind] = files[0];
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, uploads };
}

export const hasUploads = (u: FormUploads) => u.training !== undefined || u.validation !== undefined;
