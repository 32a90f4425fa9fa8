/**
 * What the platform sees of registry and check results: hashes it can compare with its own,
 * verdicts, and per match the bank, entry, distance and an explanation; never who asked for a
 * removal (F4): a match names the case only through its bank entry.
 */
import type { CheckMatch, CheckVerdict } from '../../../use-cases/check-upload.ts';
import type { ContentResult } from '../../../use-cases/register-content.ts';
import { adapterMessage, isAdapterCode } from '../../adapter-messages.ts';

/** An item's failure as the caller sees it: media and fetch details stay in the log. */
export function presentItemError(error: { code: string; message: string }) {
  return isAdapterCode(error.code)
    ? { code: error.code, message: adapterMessage(error.code, error.message) }
    : error;
}

export function presentContentResult(r: ContentResult) {
  return r.ok
    ? {
        platformItemId: r.platformItemId,
        ok: true,
        id: r.id,
        sha256: r.sha256,
        md5: r.md5,
        pdq: r.pdq,
        ...(r.frames === null ? {} : { frames: r.frames }),
      }
    : { platformItemId: r.platformItemId, ok: false, error: presentItemError(r.error) };
}

export function presentCheck(result: {
  verdict: CheckVerdict;
  matches: CheckMatch[];
  suppressedBy?: string;
}) {
  return {
    verdict: result.verdict,
    ...(result.suppressedBy ? { suppressedBy: result.suppressedBy } : {}),
    matches: result.matches.map((m) => ({
      bank: m.bank,
      entry: m.entry,
      kind: m.kind,
      variant: m.variant,
      queryVariant: m.queryVariant,
      distance: m.distance,
      verdict: m.verdict,
      explanation: m.explanation,
      source: m.source,
      ...(m.video ? { video: m.video } : {}),
    })),
  };
}
