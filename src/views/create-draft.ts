/**
 * What the user typed or picked, as raw strings, read from `view.state.values` without judging it.
 * The W&B key is kept apart (`wandbKey`) so nothing that re-renders a form can echo it by accident:
 * `withoutSecret` drops it before a draft goes anywhere near Slack.
 */
export interface FormDraft {
  model?: string;
  jobType?: string;
  trainingFiles: string[];
  validationFiles: string[];
  trainingSteps?: string;
  learningRate?: string;
  weightDecay?: string;
  warmupFraction?: string;
  epochs?: string;
  seqLen?: string;
  suffix?: string;
  wandbProject?: string;
  wandbRun?: string;
  wandbKey?: string;
  autoStart: boolean;
  channel?: string;
  /** How many files were uploaded through the form's file inputs (Slack cannot show them again). */
  trainingUploads?: number;
  validationUploads?: number;
}

export type PublicDraft = Omit<FormDraft, 'wandbKey'>;
