/** Block IDs of every builder: snake_case with a role suffix, unique within a message. */
export const BLOCK = {
  helpUnknown: 'help_unknown_block',
  helpHeader: 'help_header_block',
  helpCommands: 'help_commands_block',
  helpJobRef: 'help_job_ref_block',
  helpActions: 'help_actions_block',
  listHeader: 'list_header_block',
  listEmpty: 'list_empty_block',
  listPage: 'list_page_block',
  listActions: 'list_actions_block',
  jobHeader: 'job_header_block',
  jobFineTunedModel: 'job_fine_tuned_model_block',
  jobSummary: 'job_summary_block',
  jobProgress: 'job_progress_block',
  jobHyperparameters: 'job_hyperparameters_block',
  jobFiles: 'job_files_block',
  jobMetadata: 'job_metadata_block',
  jobWandb: 'job_wandb_block',
  jobEvents: 'job_events_block',
  jobFooter: 'job_footer_block',
  jobActions: 'job_actions_block',
  notice: 'notice_block',
  ambiguousIntro: 'ambiguous_intro_block',
  ambiguousMore: 'ambiguous_more_block',
  /** Stands in for blocks cut by `fitBlocks`. */
  blocksOmitted: 'blocks_omitted_block',
  sandboxNote: 'sandbox_note_block',
} as const;

/** One row per job in lists; the index keeps block IDs unique even if a job appears twice. */
export function jobRowBlockId(index: number): string {
  return `job_row_${index}_block`;
}
