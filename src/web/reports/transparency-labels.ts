/** Words for the codes a transparency report counts (reports are read by regulators, not coders). */
export const LEGAL_BASIS: Record<string, string> = {
  take_it_down: 'TAKE IT DOWN Act (US)',
  dsa: 'Digital Services Act (EU)',
  uk_osa: 'Online Safety Act (UK)',
  dmca: 'DMCA (copyright)',
};

export const CHANNEL: Record<string, string> = { web: 'Web form', api: 'API', email: 'Email' };

export const OUTCOME: Record<string, string> = {
  received: 'Received, not yet checked',
  incomplete: 'Waiting for information',
  in_review: 'In review',
  legal_review: 'In legal review',
  approved: 'Approved, removal under way',
  removed: 'Removed',
  partially_removed: 'Partly removed',
  rejected: 'Refused',
  withdrawn: 'Withdrawn by the requester',
  appealed: 'Under appeal',
  restored: 'Restored after appeal',
};

export const REASON: Record<string, string> = {
  not_intimate_imagery: 'Not intimate imagery',
  not_identifiable: 'Person not identifiable',
  consent_to_publication: 'Publication was consented to',
  not_located: 'Content not found',
  requester_not_authorised: 'Requester not authorised',
  duplicate: 'Duplicate request',
  fraudulent: 'Not genuine',
  other: 'Other',
};

export const label = (words: Record<string, string>, code: string): string => words[code] ?? code;
