export { AnalyticsSettings } from './AnalyticsSettings';
export { ClarityTracker } from './ClarityTracker';
export { ConsentBanner } from './ConsentBanner';
export { useConversionEvent } from './conversion';
