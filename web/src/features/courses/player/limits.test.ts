import { maxIntervalsPerReport, progressReportMinIntervalSeconds } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { MAX_INTERVALS_PER_REPORT, MIN_REPORT_GAP_SECONDS } from './limits';

describe('progress report limits', () => {
  it('match the api', () => {
    expect(MAX_INTERVALS_PER_REPORT).toBe(maxIntervalsPerReport);
    expect(MIN_REPORT_GAP_SECONDS).toBe(progressReportMinIntervalSeconds);
  });
});
