/** Tables of the safe previews: reviewers' settings and their daily reveal counts. */

export interface ReviewerSettingsTable {
  user_id: string;
  blur_sigma: number;
  /** 1 = shown in greyscale, 0 = in colour (still blurred). */
  greyscale: number;
  updated_at: string;
}

export interface RevealCountsTable {
  user_id: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  reveals: number;
}

export interface PreviewsDatabase {
  reviewer_settings: ReviewerSettingsTable;
  reveal_counts: RevealCountsTable;
}
