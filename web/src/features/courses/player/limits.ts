// The api's limits on progress reports (`maxIntervalsPerReport`, `progressReportMinIntervalSeconds` in
// shared/src/learning.ts), copied so the player chunk does not pull zod in with the shared package; a unit test keeps
// them equal.
export const MAX_INTERVALS_PER_REPORT = 20;
export const MIN_REPORT_GAP_SECONDS = 2;
