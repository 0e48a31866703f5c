// Dates to show. fr-BE and nl-BE ones in the styles the pages use are written out (belgian-dates.ts), other ones
// are ICU's; a module apart from intl.ts so that only the chunks of pages that show dates carry them.
import { belgianDateFormat, type DateFormatter } from './belgian-dates';
import { dateTimeParts, once } from './intl';

export type { DateFormatter } from './belgian-dates';

export function dateTimeFormat(locale: string, options?: Intl.DateTimeFormatOptions): DateFormatter {
  const icu = (): Intl.DateTimeFormat => dateTimeParts(locale, options);
  return once('belgianDate', locale, options, () => belgianDateFormat(locale, options ?? {}, icu) ?? icu());
}
