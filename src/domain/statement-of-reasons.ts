/**
 * The statement of reasons the platform shows the uploader when an item is taken down (DSA Art.
 * 17): what was removed, on which legal basis, the ground in plain words, whether automated means
 * found it, when, and how to appeal. It is built from the case's non-personal facts only: it never
 * names or otherwise identifies the person who asked (F4).
 */
import type { LegalBasis } from './request.ts';

/** How the item came to be removed. */
export type RemovalGround = 'takedown' | 'exact_copy' | 'confirmed_copy';

export interface StatementOfReasons {
  /** The platform's id of the item removed. */
  platformItemId: string | null;
  legalBasis: LegalBasis;
  /** The law the removal rests on, named for a reader. */
  legalBasisText: string;
  ground: RemovalGround;
  /** The ground in plain words. */
  explanation: string;
  /** True when automated means (the copy sweep) found the item. */
  automatedDetection: boolean;
  /** True when no person confirmed the removal of this item (an exact copy removed by the sweep). */
  automatedDecision: boolean;
  /** When the removal was decided, ISO-8601. */
  decidedAt: string;
  appeal: {
    /** Who files it: the uploader, through the platform, which forwards it. */
    appellant: 'uploader';
    /** The API call the platform makes with the uploader's statement (`{"statement": ...}`). */
    method: 'POST';
    url: string;
  };
}

const LEGAL_BASIS_TEXT: Record<LegalBasis, string> = {
  take_it_down: 'TAKE IT DOWN Act (United States), 47 U.S.C. 223a: non-consensual intimate imagery',
  dsa: 'Digital Services Act (EU), Art. 16 notice of illegal content',
  uk_osa: 'Online Safety Act 2023 (United Kingdom): intimate image abuse',
  dmca: 'Digital Millennium Copyright Act (United States), 17 U.S.C. 512',
};

const EXPLANATION: Record<RemovalGround, string> = {
  takedown:
    'A person depicted (or someone acting for them) asked for this item to be removed as intimate imagery shared without consent, and a reviewer agreed.',
  exact_copy:
    'This item is an exact copy of an item already removed for the same reason; it was found and removed automatically.',
  confirmed_copy:
    'This item closely matches an item already removed for the same reason; it was found automatically and a reviewer confirmed the match.',
};

export function statementOfReasons(input: {
  platformItemId: string | null;
  legalBasis: LegalBasis;
  ground: RemovalGround;
  decidedAt: Date;
  caseNumber: string;
  publicUrl: string;
}): StatementOfReasons {
  return {
    platformItemId: input.platformItemId,
    legalBasis: input.legalBasis,
    legalBasisText: LEGAL_BASIS_TEXT[input.legalBasis],
    ground: input.ground,
    explanation: EXPLANATION[input.ground],
    automatedDetection: input.ground !== 'takedown',
    automatedDecision: input.ground === 'exact_copy',
    decidedAt: input.decidedAt.toISOString(),
    appeal: {
      appellant: 'uploader',
      method: 'POST',
      url: `${input.publicUrl}/api/v1/staff/requests/${encodeURIComponent(input.caseNumber)}/appeals`,
    },
  };
}
