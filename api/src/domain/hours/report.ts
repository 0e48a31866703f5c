// The learner's own hours report: every ledger line (online certificates and in-person attestations)
// completed in a calendar year or a legal period, ready to hand to the accrediting body.
import { countedEntries, type HoursEntry, type HoursLedger } from './ledger';
import type { CertificateRepository, InamiLookup } from '../certificates/ports';
import type { UserRepository } from '../identity/model';
import type { Clock } from '../ports';

export interface HoursReportModel {
  readonly language: 'fr' | 'nl';
  readonly holderName: string;
  readonly profession?: string;
  readonly inami?: string;
  readonly from: string;
  readonly to: string;
  readonly entries: readonly HoursEntry[];
  readonly totalHours: number;
  readonly generatedAt: string;
}

export interface HoursReportRenderer {
  render(model: HoursReportModel): Promise<Uint8Array>;
}

/** `year`, or `from`…`to` (inclusive calendar dates in Belgium). */
export function reportPeriod(query: {
  year?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}): {
  from: string;
  to: string;
} {
  if (query.from !== undefined && query.to !== undefined) return { from: query.from, to: query.to };
  const year = String(query.year ?? 0).padStart(4, '0');
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export class HoursReport {
  constructor(
    private readonly deps: {
      ledger: Pick<HoursLedger, 'listForUser'>;
      certificates: Pick<CertificateRepository, 'listFor'>;
      users: UserRepository;
      inami: Pick<InamiLookup, 'formattedFor'>;
      renderer: HoursReportRenderer;
      clock: Clock;
    },
  ) {}

  async model(
    userId: string,
    period: { from: string; to: string },
    language?: 'fr' | 'nl',
  ): Promise<HoursReportModel> {
    const [lines, certificates, profile, inami] = await Promise.all([
      this.deps.ledger.listForUser(userId, period.from, period.to),
      this.deps.certificates.listFor(userId),
      this.deps.users.get(userId),
      this.deps.inami.formattedFor(userId),
    ]);
    // The same lines as the learner's ledger page (revoked certificates out, older ones in).
    const entries = countedEntries(lines, certificates, period);
    const p = profile?.value;
    const name = p ? [p.firstName, p.lastName].filter(Boolean).join(' ').trim() || p.displayName : '';
    return {
      language: language ?? (p?.language === 'nl' ? 'nl' : 'fr'),
      holderName: name,
      ...(p?.profession ? { profession: p.profession } : {}),
      ...(inami ? { inami } : {}),
      from: period.from,
      to: period.to,
      entries,
      totalHours: Math.round(entries.reduce((sum, e) => sum + e.hours, 0) * 100) / 100,
      generatedAt: this.deps.clock.now().toISOString(),
    };
  }

  async pdf(
    userId: string,
    period: { from: string; to: string },
    language?: 'fr' | 'nl',
  ): Promise<Uint8Array> {
    return this.deps.renderer.render(await this.model(userId, period, language));
  }
}
