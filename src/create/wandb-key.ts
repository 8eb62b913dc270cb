import type { BackendCapabilities } from '../backend/capabilities.js';
import { FORM_MSG } from '../views/form-messages.js';

/** Length of the newer W&B keys (`wandb_v1_…`), which length-limited providers refuse. */
const NEW_FORMAT_LENGTH = 86;

/**
 * Why a provider would refuse this W&B key, or undefined when it would take it. Never echoes the
 * key: the messages only speak of its length and shape. Only surrounding whitespace is forgiven
 * (trimmed before): a key with inner spaces is a paste error.
 */
export function wandbKeyProblem(
  key: string | undefined,
  wandb: BackendCapabilities['wandb'],
  backendLabel: string,
): string | undefined {
  const { keyLength, keyPattern } = wandb;
  if (key === undefined) return FORM_MSG.wandbKeyMissing(keyLength);
  if (/\s/.test(key)) return FORM_MSG.wandbKeySpaces;
  if (keyLength !== undefined && key.length !== keyLength) {
    const newFormat = key.startsWith('wandb_v1_') || key.length === NEW_FORMAT_LENGTH;
    return newFormat
      ? FORM_MSG.wandbKeyNewFormat(backendLabel, keyLength)
      : FORM_MSG.wandbKeyLength(key.length, backendLabel, keyLength);
  }
  if (keyPattern && !new RegExp(keyPattern.source, keyPattern.flags.replace(/[gy]/g, '')).test(key)) {
    return wandb.keyRule ?? FORM_MSG.wandbKeyRefused(backendLabel);
  }
  return undefined;
}
