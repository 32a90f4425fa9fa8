/**
 * Errors: one Error subclass for every way a serialised index can be refused, with a
 * stable `code` so callers (the service, its health checks) branch on the kind of failure
 * rather than on message text, which may be reworded.
 */

/** Stable failure kinds of `deserialize`. */
export type IndexErrorCode = 'INDEX_CORRUPT' | 'INDEX_TRUNCATED' | 'INDEX_VERSION';

/**
 * Raised when a serialised index cannot be loaded.
 * @example try { MultiIndexHash.deserialize(bytes); } catch (e) { if (e instanceof IndexFormatError && e.code === 'INDEX_TRUNCATED') retry(); }
 */
export class IndexFormatError extends Error {
  readonly code: IndexErrorCode;

  constructor(code: IndexErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'IndexFormatError';
    this.code = code;
  }
}
