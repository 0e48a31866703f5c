// In-memory ports for the certificate unit tests.
import type { Question, Training } from '@soins/shared';
import type { TrainingRepository } from '../src/domain/catalogue/ports';
import type { Certificate, StoredCertificateRequest, Versioned } from '../src/domain/certificates/model';
import type {
  CertificateFiles,
  CertificatePrint,
  CertificateRenderer,
  CertificateRepository,
} from '../src/domain/certificates/ports';
import type { UserProfile, UserRepository } from '../src/domain/identity/model';

export class MemoryCertificateRepository implements CertificateRepository {
  readonly certificates = new Map<string, { value: Certificate; version: number }>();
  readonly codes = new Map<string, { userId: string; certificateId: string }>();
  readonly requests = new Map<string, StoredCertificateRequest>();
  creates = 0;

  get(userId: string, certificateId: string): Promise<Versioned<Certificate> | undefined> {
    const found = this.certificates.get(`${userId}/${certificateId}`);
    return Promise.resolve(found ? { value: found.value, etag: String(found.version) } : undefined);
  }
  create(certificate: Certificate): Promise<boolean> {
    this.creates++;
    const key = `${certificate.userId}/${certificate.id}`;
    if (this.certificates.has(key)) return Promise.resolve(false);
    this.certificates.set(key, { value: certificate, version: 1 });
    return Promise.resolve(true);
  }
  replace(certificate: Certificate, etag: string): Promise<boolean> {
    const key = `${certificate.userId}/${certificate.id}`;
    const current = this.certificates.get(key);
    if (!current || String(current.version) !== etag) return Promise.resolve(false);
    this.certificates.set(key, { value: certificate, version: current.version + 1 });
    return Promise.resolve(true);
  }
  listFor(userId: string): Promise<Certificate[]> {
    return Promise.resolve(
      [...this.certificates.values()]
        .map((c) => c.value)
        .filter((c) => c.userId === userId)
        .sort((a, b) => b.completedAt.localeCompare(a.completedAt)),
    );
  }
  putCode(code: string, owner: { userId: string; certificateId: string }): Promise<void> {
    this.codes.set(code, owner);
    return Promise.resolve();
  }
  findByCode(code: string): Promise<{ userId: string; certificateId: string } | undefined> {
    return Promise.resolve(this.codes.get(code));
  }
  saveRequest(request: StoredCertificateRequest): Promise<void> {
    const key = `${request.userId}/${request.trainingId}`;
    if (!this.requests.has(key)) this.requests.set(key, request);
    return Promise.resolve();
  }
  getRequest(userId: string, trainingId: string): Promise<StoredCertificateRequest | undefined> {
    return Promise.resolve(this.requests.get(`${userId}/${trainingId}`));
  }
  listRequests(userId: string): Promise<StoredCertificateRequest[]> {
    return Promise.resolve([...this.requests.values()].filter((r) => r.userId === userId));
  }
}

export class MemoryCertificateFiles implements CertificateFiles {
  readonly blobs = new Map<string, Uint8Array>();
  puts = 0;
  exists(blobName: string): Promise<boolean> {
    return Promise.resolve(this.blobs.has(blobName));
  }
  put(blobName: string, bytes: Uint8Array): Promise<void> {
    this.puts++;
    this.blobs.set(blobName, bytes);
    return Promise.resolve();
  }
  readLink(blobName: string, minutes: number): Promise<{ url: string; expiresAt: Date }> {
    return Promise.resolve({
      url: `https://blob.test/certificates/${blobName}?sig=x`,
      expiresAt: new Date(Date.parse('2026-11-25T10:00:00Z') + minutes * 60_000),
    });
  }
}

export class RecordingRenderer implements CertificateRenderer {
  readonly prints: CertificatePrint[] = [];
  render(print: CertificatePrint): Promise<Uint8Array> {
    this.prints.push(print);
    return Promise.resolve(Buffer.from(`%PDF-1.3 ${print.verificationCode}`));
  }
}

export class MemoryUsers implements Pick<UserRepository, 'get'> {
  constructor(readonly profiles: Map<string, UserProfile> = new Map()) {}
  get(id: string) {
    const value = this.profiles.get(id);
    return Promise.resolve(value ? { value, etag: '1' } : undefined);
  }
}

export function asUserRepository(users: MemoryUsers): UserRepository {
  const unsupported = () => Promise.reject(new Error('not used'));
  return {
    get: (id) => users.get(id),
    create: unsupported,
    replace: unsupported,
    list: unsupported,
    findByEmail: unsupported,
    activeWithRole: unsupported,
  };
}

export function profile(overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    id: 'u_marie0001',
    issuer: 'https://idp.test',
    subject: 'marie',
    email: 'marie.dubois@example.be',
    displayName: 'Marie D.',
    roles: ['learner'],
    language: 'fr',
    status: 'active',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    firstName: 'Marie',
    lastName: 'Dubois',
    profession: 'nurse',
    ...overrides,
  };
}

export function training(overrides: Partial<Training> = {}): Training {
  return {
    id: 'plaies-chroniques',
    trainingId: 'plaies-chroniques',
    kind: 'training',
    status: 'published',
    languages: ['fr', 'nl'],
    title: { fr: 'Soins des plaies chroniques', nl: 'Zorg voor chronische wonden' },
    summary: { fr: 'Résumé', nl: 'Samenvatting' },
    professions: ['nurse'],
    accreditedHours: 1.5,
    organiser: 'SOINS+ asbl',
    free: false,
    completionRule: { kind: 'launch' },
    chapters: [{ id: 'intro', title: { fr: 'Intro' }, durationSeconds: 60, video: { fr: 'a.mp4' } }],
    quiz: {
      questionsPerAttempt: 1,
      passPercent: 50,
      maxAttempts: null,
      waitMinutesBetweenAttempts: 0,
      timeLimitMinutes: null,
    },
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export class MemoryTrainings implements TrainingRepository {
  constructor(readonly items: Map<string, Training> = new Map()) {}
  get(trainingId: string): Promise<Training | undefined> {
    return Promise.resolve(this.items.get(trainingId));
  }
  listPublished(): Promise<Training[]> {
    return Promise.resolve([...this.items.values()]);
  }
  listAll(): Promise<Training[]> {
    return Promise.resolve([...this.items.values()]);
  }
  save(value: Training): Promise<void> {
    this.items.set(value.trainingId, value);
    return Promise.resolve();
  }
  questions(): Promise<Question[]> {
    return Promise.resolve([]);
  }
  replaceQuestions(): Promise<void> {
    return Promise.resolve();
  }
}
