/**
 * The `cybertipline.report` job: reports a minor's case to NCMEC. Any failure (no credentials
 * yet, NCMEC down, an error code) leaves the job pending for the worker's backoff to retry, so
 * the report is sent once the service accepts it; the console shows the cases still waiting.
 */
import { reportToCyberTipline } from '../use-cases/report-to-cybertipline.ts';
import type { CyberTiplineDeps } from '../use-cases/report-to-cybertipline.ts';
import type { JobHandlers } from './worker.ts';

export function createCyberTiplineHandlers(deps: CyberTiplineDeps): Pick<JobHandlers, 'cybertipline.report'> {
  return {
    'cybertipline.report': async (_job, { requestId }) => {
      if (!deps.client.configured) {
        throw new Error('waiting for REDRESS_CYBERTIPLINE_USERNAME and _PASSWORD');
      }
      await reportToCyberTipline(deps, { requestId });
    },
  };
}
