import type { Container, CosmosClient } from '@azure/cosmos';
import { certificateStatusSchema, contentLanguageSchema, verificationCodeSchema } from '@soins/shared';
import { z } from 'zod';
import type { Certificate, StoredCertificateRequest, Versioned } from '../../domain/certificates/model';
import type { CertificateRepository, CodeOwner } from '../../domain/certificates/ports';
import { cosmosStatus } from './errors';

const schemaVersion = 1;

// `certificates` (partition /userId) holds two kinds: the certificate (`id` = certificate id) and the
// request that caused it (`id` = `request:<trainingId>`), kept so an operator can re-drive the workflow.
const certificateDocumentSchema = z.object({
  id: z.string(),
  kind: z.literal('certificate'),
  schemaVersion: z.literal(schemaVersion),
  userId: z.string(),
  trainingId: z.string(),
  attemptId: z.string(),
  quizVersion: z.number().int().positive().optional(),
  language: contentLanguageSchema,
  holderName: z.string(),
  trainingTitle: z.string(),
  hours: z.number(),
  organiser: z.string(),
  completedAt: z.string(),
  issuedAt: z.string(),
  verificationCode: verificationCodeSchema,
  status: certificateStatusSchema,
  revokedAt: z.string().optional(),
  revocationReason: z.string().optional(),
  pdfBlobName: z.string(),
  pdfStoredAt: z.string().optional(),
  _etag: z.string(),
});

const requestDocumentSchema = z.object({
  id: z.string(),
  kind: z.literal('request'),
  schemaVersion: z.literal(schemaVersion),
  userId: z.string(),
  trainingId: z.string(),
  attemptId: z.string(),
  quizVersion: z.number().int().positive().optional(),
  passedAt: z.string(),
  scorePercent: z.number(),
  requestedAt: z.string(),
});

// `certificate-codes` (partition /id, id = verification code): verification is one point read.
const codeDocumentSchema = z.object({
  id: verificationCodeSchema,
  schemaVersion: z.literal(schemaVersion),
  userId: z.string(),
  certificateId: z.string(),
  /** Set by the erasure: the documented verification minimum, no name (userId is then a pseudonym). */
  retained: z
    .object({
      status: z.enum(['valid', 'revoked']),
      training: z.string(),
      hours: z.number(),
      completedAt: z.string(),
    })
    .optional(),
});

const requestId = (trainingId: string): string => `request:${trainingId}`;

function toCertificate(document: unknown): Versioned<Certificate> {
  const {
    _etag,
    kind: _kind,
    schemaVersion: _version,
    ...certificate
  } = certificateDocumentSchema.parse(document);
  return { value: certificate, etag: _etag };
}

const toDocument = (certificate: Certificate): Record<string, unknown> => ({
  ...certificate,
  kind: 'certificate',
  schemaVersion,
});

export class CosmosCertificateRepository implements CertificateRepository {
  private readonly certificates: Container;
  private readonly codes: Container;

  constructor(client: CosmosClient, database: string) {
    this.certificates = client.database(database).container('certificates');
    this.codes = client.database(database).container('certificate-codes');
  }

  async get(userId: string, certificateId: string): Promise<Versioned<Certificate> | undefined> {
    const { resource, statusCode } = await this.certificates
      .item(certificateId, userId)
      .read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    return toCertificate(resource);
  }

  async create(certificate: Certificate): Promise<boolean> {
    try {
      await this.certificates.items.create(toDocument(certificate));
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 409) return false;
      throw error;
    }
  }

  async replace(certificate: Certificate, etag: string): Promise<boolean> {
    try {
      await this.certificates
        .item(certificate.id, certificate.userId)
        .replace(toDocument(certificate), { accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (error) {
      if (cosmosStatus(error) === 412) return false;
      throw error;
    }
  }

  async listFor(userId: string): Promise<Certificate[]> {
    const { resources } = await this.certificates.items
      .query<unknown>(
        {
          query: 'SELECT * FROM c WHERE c.userId = @u AND c.kind = @k ORDER BY c.completedAt DESC',
          parameters: [
            { name: '@u', value: userId },
            { name: '@k', value: 'certificate' },
          ],
        },
        { partitionKey: userId },
      )
      .fetchAll();
    return resources.map((doc) => toCertificate(doc).value);
  }

  async putCode(code: string, owner: { userId: string; certificateId: string }): Promise<void> {
    await this.codes.items.upsert({ id: code, ...owner, schemaVersion });
  }

  async findByCode(code: string): Promise<CodeOwner | undefined> {
    const { resource, statusCode } = await this.codes.item(code, code).read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    const { userId, certificateId, retained } = codeDocumentSchema.parse(resource);
    return { userId, certificateId, ...(retained ? { retained } : {}) };
  }

  async saveRequest(request: StoredCertificateRequest): Promise<void> {
    try {
      await this.certificates.items.create({
        id: requestId(request.trainingId),
        kind: 'request',
        schemaVersion,
        userId: request.userId,
        trainingId: request.trainingId,
        attemptId: request.attemptId,
        ...(request.quizVersion !== undefined ? { quizVersion: request.quizVersion } : {}),
        passedAt: request.passedAt,
        scorePercent: request.scorePercent,
        requestedAt: request.requestedAt,
      });
    } catch (error) {
      // The first request wins: a second pass of the same training issues nothing new.
      if (cosmosStatus(error) !== 409) throw error;
    }
  }

  async listRequests(userId: string): Promise<StoredCertificateRequest[]> {
    const { resources } = await this.certificates.items
      .query<unknown>(
        {
          query: 'SELECT * FROM c WHERE c.userId = @u AND c.kind = @k',
          parameters: [
            { name: '@u', value: userId },
            { name: '@k', value: 'request' },
          ],
        },
        { partitionKey: userId },
      )
      .fetchAll();
    return resources.map((doc) => {
      const { id: _id, kind: _kind, schemaVersion: _version, ...request } = requestDocumentSchema.parse(doc);
      return request;
    });
  }

  async getRequest(userId: string, trainingId: string): Promise<StoredCertificateRequest | undefined> {
    const { resource, statusCode } = await this.certificates
      .item(requestId(trainingId), userId)
      .read<Record<string, unknown>>();
    if (statusCode === 404 || !resource) return undefined;
    const {
      id: _id,
      kind: _kind,
      schemaVersion: _version,
      ...request
    } = requestDocumentSchema.parse(resource);
    return request;
  }
}
