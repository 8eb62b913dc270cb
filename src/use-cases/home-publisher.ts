import type Keyv from 'keyv';
import type { JobDetails } from '../domain/job.js';
import { RETENTION_MS } from '../domain/watch.js';
import type { PosterClient } from '../slack/poster-client.js';
import { buildHomeView } from '../views/home-view.js';
import type { SlackMessage, ViewContext } from '../views/types.js';
import { gatherHomeData, type HomeDataDeps } from './home-data.js';

/** Waits this long after a job's status change, so one pass's changes give one publish per user. */
export const HOME_REFRESH_DEBOUNCE_MS = 2_000;
/** views.publish is Tier 4 (100+ a minute): refreshes go out at most about 90 a minute. */
export const HOME_REFRESH_GAP_MS = 650;

export interface HomePublisherDeps extends Omit<HomeDataDeps, 'openApproval'> {
  /** The Web API client that publishes (`views.publish`). */
  client: Pick<PosterClient, 'apiCall'>;
  view: () => ViewContext;
  /**
   * The status each job had on the Home tab last published with it, with whose tab (`user|status`):
   * in the store, so a status change seen by the polling instance refreshes a tab another instance built.
   */
  shown: Keyv<string>;
  debounceMs?: number;
  gapMs?: number;
}

export interface HomePublisher {
  /** Builds and publishes the user's tab now (it was opened, or a click on it is answered; `notice` on top). */
  publish(userId: string, notice?: SlackMessage): Promise<void>;
  /**
   * The watch engine applied this job: when its status is not the one its creator's tab shows, that
   * tab is republished (debounced per user, paced under Slack's limit). Returns at once, never throws.
   */
  jobApplied(job: JobDetails): void;
  /** Drops the refreshes not yet sent (shutdown). */
  close(): void;
  /** What the tabs show of open approval requests: set where approvals are configured. */
  openApproval?: HomeDataDeps['openApproval'];
}

const sep = '|';

export function createHomePublisher(d: HomePublisherDeps): HomePublisher {
  const debounceMs = d.debounceMs ?? HOME_REFRESH_DEBOUNCE_MS;
  const gapMs = d.gapMs ?? HOME_REFRESH_GAP_MS;
  const due = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> = Promise.resolve();
  let closed = false;

  const publish = async (userId: string, notice?: SlackMessage) => {
    const data = await gatherHomeData({ ...d, openApproval: self.openApproval }, userId);
    const view = buildHomeView(d.view(), { ...data, notice });
    await d.client.apiCall('views.publish', { user_id: userId, view });
    await Promise.all(
      data.jobs.flatMap((j) =>
        'job' in j ? [d.shown.set(j.job.id, `${userId}${sep}${j.job.status}`, RETENTION_MS)] : [],
      ),
    );
  };

  const flush = () => {
    timer = undefined;
    const users = [...due];
    due.clear();
    // One refresh run at a time, each publish `gapMs` after the last.
    sending = sending.then(async () => {
      for (const userId of users) {
        if (closed) return;
        await publish(userId).catch((err: unknown) =>
          d.logger.warn({ err, user: userId }, 'could not refresh the Home tab'),
        );
        await new Promise((r) => setTimeout(r, gapMs).unref());
      }
    });
  };

  const schedule = (userId: string) => {
    if (closed) return;
    due.add(userId);
    timer ??= setTimeout(flush, debounceMs).unref();
  };

  const self: HomePublisher = {
    publish,
    jobApplied(job) {
      d.shown
        .get(job.id)
        .then((entry) => {
          if (entry === undefined) return;
          const at = entry.lastIndexOf(sep);
          if (entry.slice(at + 1) !== job.status) schedule(entry.slice(0, at));
        })
        .catch((err: unknown) => d.logger.warn({ err, jobId: job.id }, 'could not look up a Home tab'));
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      due.clear();
    },
  };
  return self;
}
