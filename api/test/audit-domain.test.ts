import { auditQuerySchema } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import {
  auditPeriod,
  ExportAuditLog,
  monthsDescending,
  SearchAuditLog,
  subjectOf,
  type AuditFilter,
  type AuditReader,
  type StoredAuditEntry,
} from '../src/domain/audit';
import { csvCell, toCsv } from '../src/domain/csv';
import type { UserProfile } from '../src/domain/identity/model';
import { ManualClock } from './fakes/email-fakes';

describe('CSV', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell('+32 470')).toBe("'+32 470");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('quotes separators, quotes and line breaks; BOM first, `;` between cells, CRLF after each row', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    const csv = toCsv(['at', 'reason'], [['2026-11-25', 'fraude; copie']]);
    expect(csv).toBe('\uFEFFat;reason\r\n2026-11-25;"fraude; copie"\r\n');
  });
});

describe('periods and months', () => {
  it('walks the months of a period newest first, inclusive of both ends', () => {
    expect(monthsDescending('2026-10-15T00:00:00.000Z', '2027-01-02T00:00:00.000Z')).toEqual([
      '2027-01',
      '2026-12',
      '2026-11',
      '2026-10',
    ]);
    // `until` is exclusive: midnight of the 1st belongs to the month before.
    expect(monthsDescending('2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')).toEqual(['2026-11']);
  });

  it('takes the days as UTC days, both included; by default the last 12 months', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    expect(auditPeriod({ from: '2026-11-01', to: '2026-11-25' }, now)).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      until: '2026-11-26T00:00:00.000Z',
    });
    expect(auditPeriod({}, now)).toEqual({
      from: '2025-12-01T00:00:00.000Z',
      until: '2026-11-26T00:00:00.000Z',
    });
  });

  it('refuses a period backwards or longer than 36 months (a 400 at the route)', () => {
    expect(auditQuerySchema.safeParse({ from: '2026-11-02', to: '2026-11-01' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ from: '2023-01-01', to: '2026-01-01' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ from: '2023-02-01', to: '2026-01-31' }).success).toBe(true);
    expect(auditQuerySchema.safeParse({ action: 'DROP TABLE' }).success).toBe(false);
  });
});

const sophie: UserProfile = {
  id: 'u_admin00001',
  issuer: 'https://idp',
  subject: 'admin',
  email: 'admin@demo.soins.plus',
  displayName: 'Sophie Lambert',
  roles: ['learner', 'admin'],
  language: 'fr',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const marie: UserProfile = {
  ...sophie,
  id: 'u_marie00001',
  email: 'marie@x.be',
  displayName: 'Marie Dubois',
};

function entries(count: number): StoredAuditEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `e${String(i)}`,
    actor: sophie.id,
    action: 'certificate.revoke',
    target: { type: 'certificate', id: `c-${String(i)}` },
    subjectUserId: marie.id,
    at: new Date(Date.UTC(2026, 10, 25, 9, 0, 0) - i * 1000).toISOString(),
    before: { status: 'valid' },
    after: { status: 'revoked' },
    reason: i === 0 ? '=cmd|calc' : 'fraude; copie',
  }));
}

class FakeReader implements AuditReader {
  readonly filters: AuditFilter[] = [];
  constructor(private readonly all: StoredAuditEntry[]) {}
  search(filter: AuditFilter, page: { pageSize: number; continuationToken?: string }) {
    this.filters.push(filter);
    const start = page.continuationToken ? Number(page.continuationToken) : 0;
    const items = this.all.slice(start, start + page.pageSize);
    const next = start + page.pageSize < this.all.length ? String(start + page.pageSize) : undefined;
    return Promise.resolve({ items, ...(next ? { continuationToken: next } : {}) });
  }
  concerning() {
    return Promise.resolve(this.all);
  }
}

const users = {
  get: (id: string) => {
    const found = [sophie, marie].find((p) => p.id === id);
    return Promise.resolve(found ? { value: found, etag: '1' } : undefined);
  },
  findByEmail: (email: string) =>
    Promise.resolve([sophie, marie].find((p) => p.email === email.toLowerCase())),
};

describe('searching and exporting the log', () => {
  it('names people when read, resolves e-mails to ids, and finds nothing for an unknown e-mail', async () => {
    const reader = new FakeReader(entries(2));
    const search = new SearchAuditLog({ reader, users, clock: new ManualClock() });
    const page = await search.execute({ actor: 'ADMIN@demo.soins.plus', target: marie.id, q: 'Fraude' });
    expect(reader.filters[0]).toMatchObject({ actorId: sophie.id, targetId: marie.id, text: 'fraude' });
    expect(page.items[0]).toMatchObject({
      actor: { id: sophie.id, name: 'Sophie Lambert', email: 'admin@demo.soins.plus' },
      subject: { id: marie.id, name: 'Marie Dubois' },
      action: 'certificate.revoke',
      target: { type: 'certificate', id: 'c-0' },
    });
    expect(await search.execute({ actor: 'nobody@x.be' })).toEqual({ items: [] });
    expect(reader.filters).toHaveLength(1);
  });

  it('a user target is its own subject', () => {
    expect(
      subjectOf({ actor: 'a', action: 'inami.reveal', target: { type: 'user', id: 'u_x' }, at: '' }),
    ).toBe('u_x');
    expect(subjectOf({ actor: 'a', action: 'news.create', target: { type: 'news', id: 'n' }, at: '' })).toBe(
      undefined,
    );
  });

  it('exports every page as CSV, neutralised, and says when it stopped at the row limit', async () => {
    const exporter = new ExportAuditLog({
      reader: new FakeReader(entries(150)),
      users,
      clock: new ManualClock(),
    });
    const { csv, truncated } = await exporter.execute({});
    expect(truncated).toBe(false);
    expect(csv.startsWith('\uFEFFat;actor_id;actor_name;actor_email;action;target_type;target_id;')).toBe(
      true,
    );
    const rows = csv.slice(1).trimEnd().split('\r\n');
    expect(rows).toHaveLength(151);
    expect(rows[1]).toContain(";'=cmd|calc;");
    expect(rows[1]).toContain('"{""status"":""valid""}"');
    expect(rows[2]).toContain(';"fraude; copie";');
    const big = new ExportAuditLog({
      reader: new FakeReader(entries(10_001)),
      users,
      clock: new ManualClock(),
    });
    const capped = await big.execute({});
    expect(capped.truncated).toBe(true);
    expect(capped.csv.trimEnd().split('\r\n')).toHaveLength(10_001);
  });
});
