import type { WandbIntegration } from '../domain/job.js';
import { escapeMrkdwn } from './escape.js';

export interface WandbLink {
  /** What the user reads: the project name. */
  label: string;
  /** Undefined when neither the API nor the config gives enough to build one. */
  url?: string;
}

function isWebUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The API's `url` when it sends one; it is often null, so the project page is
 * built from the configured entity; without an entity there is no way to link.
 */
export function wandbLink(integration: WandbIntegration, entity?: string): WandbLink {
  const label = integration.project;
  if (integration.url && isWebUrl(integration.url)) return { label, url: integration.url };
  if (entity) {
    return { label, url: `https://wandb.ai/${encodeURIComponent(entity)}/${encodeURIComponent(label)}` };
  }
  return { label };
}

/** A mrkdwn link whose URL cannot break out of `<…|…>`. */
export function mrkdwnLink(url: string, label: string): string {
  const safeUrl = url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  return `<${safeUrl}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}
