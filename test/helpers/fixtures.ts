/**
 * Request bodies used across the suites: a complete TAKE IT DOWN request (TIDA-C2's four
 * elements) and variations.
 */
import type { Submission } from '../../src/domain/request.ts';

export function completeRequest(overrides: Partial<Submission> = {}): Submission {
  return {
    legalBasis: 'take_it_down',
    submitter: { role: 'depicted_person', name: 'Alex Example', email: 'alex@example.org' },
    items: [
      { url: 'https://platform.example/p/1', sha256: 'ab'.repeat(32) },
      { platformItemId: 'video-42', pdq: 'cd'.repeat(32) },
    ],
    signature: { fullName: 'Alex Example' },
    goodFaithStatement: 'I did not consent to this being published.',
    ...overrides,
  };
}
