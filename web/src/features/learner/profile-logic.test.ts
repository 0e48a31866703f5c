import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { fr as frCore, type Catalogue } from '../../i18n/fr';
import { frLearnerSpace } from '../../i18n/fr-learner-space';
import { frStaff } from '../../i18n/fr-staff';
import { nl as nlCore } from '../../i18n/nl';
import { nlLearnerSpace } from '../../i18n/nl-learner-space';
import { nlStaff } from '../../i18n/nl-staff';
import {
  DIPLOMA_MAX_BYTES,
  DIPLOMA_STATUS,
  diplomaRefetchInterval,
  FILE_PROBLEM_KEYS,
  formatSize,
  uploadErrorKey,
  validateDiplomaFile,
} from './diploma';
import { formatInamiInput, inamiFieldError } from './inami';

const fr: Catalogue = { ...frCore, ...frLearnerSpace, ...frStaff };
const nl: Catalogue = { ...nlCore, ...nlLearnerSpace, ...nlStaff };

describe('formatInamiInput', () => {
  it('groups digits as X-XXXXX-XX-XXX while typing', () => {
    expect(formatInamiInput('')).toBe('');
    expect(formatInamiInput('4')).toBe('4');
    expect(formatInamiInput('412')).toBe('4-12');
    expect(formatInamiInput('412345')).toBe('4-12345');
    expect(formatInamiInput('41234581')).toBe('4-12345-81');
    expect(formatInamiInput('41234581401')).toBe('4-12345-81-401');
  });

  it('drops anything that is not a digit (spaces, dots, dashes, letters)', () => {
    expect(formatInamiInput(' 4.12345.81.401 ')).toBe('4-12345-81-401');
    expect(formatInamiInput('4-12345-81-401')).toBe('4-12345-81-401');
    expect(formatInamiInput('a4b1')).toBe('4-1');
  });

  it('keeps more than 11 digits unformatted so the api can refuse them', () => {
    expect(formatInamiInput('412345814019')).toBe('412345814019');
  });
});

describe('inamiFieldError', () => {
  const problem = (status: number, code: 'validation_failed' | 'conflict', message?: string) =>
    new ApiError(status, code, {
      type: 'about:blank',
      title: '',
      status,
      code,
      ...(message ? { errors: [{ path: 'inami', message }] } : {}),
    });

  it("uses the api's localized field message for an invalid or taken number", () => {
    expect(inamiFieldError(problem(400, 'validation_failed', 'Numéro INAMI invalide'))).toBe(
      'Numéro INAMI invalide',
    );
    expect(inamiFieldError(problem(409, 'conflict', 'Ce numéro est déjà enregistré'))).toBe(
      'Ce numéro est déjà enregistré',
    );
  });

  it('returns undefined for other errors or a problem without field errors', () => {
    expect(inamiFieldError(problem(409, 'conflict'))).toBeUndefined();
    expect(inamiFieldError(new ApiError(0, 'network'))).toBeUndefined();
    expect(inamiFieldError(new Error('boom'))).toBeUndefined();
  });
});

describe('validateDiplomaFile', () => {
  const file = (name: string, size: number, type = '') => ({ name, size, type });

  it('accepts PDF, JPEG and PNG up to 10 MB', () => {
    expect(validateDiplomaFile(file('diplome.pdf', 1000, 'application/pdf'))).toBeNull();
    expect(validateDiplomaFile(file('scan.JPG', 1000, 'image/jpeg'))).toBeNull();
    expect(validateDiplomaFile(file('scan.png', DIPLOMA_MAX_BYTES, 'image/png'))).toBeNull();
  });

  it('falls back to the extension when the browser gives no type', () => {
    expect(validateDiplomaFile(file('diplome.jpeg', 10))).toBeNull();
    expect(validateDiplomaFile(file('diplome.docx', 10))).toBe('type');
  });

  it('refuses other types, empty and too large files', () => {
    expect(validateDiplomaFile(file('a.gif', 10, 'image/gif'))).toBe('type');
    expect(validateDiplomaFile(file('a.pdf', 0, 'application/pdf'))).toBe('empty');
    expect(validateDiplomaFile(file('a.pdf', DIPLOMA_MAX_BYTES + 1, 'application/pdf'))).toBe('too_large');
  });

  it('has a message for every problem', () => {
    for (const key of Object.values(FILE_PROBLEM_KEYS)) expect(fr[key]).toBeTruthy();
  });
});

describe('diploma status presentation', () => {
  it('labels and explains every status, in fr and nl', () => {
    expect(fr[DIPLOMA_STATUS.scanning.explanation]).toMatch(/analyse antivirus en cours/i);
    expect(fr[DIPLOMA_STATUS.pending_review.explanation]).toMatch(/en attente de vérification/);
    expect(fr[DIPLOMA_STATUS.infected.explanation]).toMatch(/refusé par l’antivirus/);
    for (const view of Object.values(DIPLOMA_STATUS)) {
      expect(nl[view.label]).toBeTruthy();
      expect(nl[view.explanation]).toBeTruthy();
    }
  });

  it('lets the learner upload again only after a rejection or an infected file', () => {
    const again = Object.entries(DIPLOMA_STATUS)
      .filter(([, view]) => view.canUpload)
      .map(([status]) => status)
      .sort();
    expect(again).toEqual(['infected', 'rejected']);
    expect(DIPLOMA_STATUS.rejected.tone).toBe('danger');
  });

  it('polls only while the antivirus scan runs', () => {
    expect(diplomaRefetchInterval('scanning')).toBeGreaterThan(0);
    expect(diplomaRefetchInterval('pending_review')).toBe(false);
    expect(diplomaRefetchInterval(undefined)).toBe(false);
  });
});

describe('uploadErrorKey', () => {
  it('maps 413, 415 and 409 to specific messages', () => {
    expect(uploadErrorKey(new ApiError(413, 'payload_too_large'))).toBe('diploma.error.tooLarge');
    expect(uploadErrorKey(new ApiError(415, 'unsupported_media_type'))).toBe('diploma.error.type');
    expect(uploadErrorKey(new ApiError(409, 'conflict'))).toBe('diploma.error.inReview');
    expect(fr['diploma.error.tooLarge']).toMatch(/10 Mo/);
    expect(fr['diploma.error.type']).toMatch(/PDF, JPEG ou PNG uniquement/);
  });

  it('leaves other errors to the generic problem message', () => {
    expect(uploadErrorKey(new ApiError(500, 'internal'))).toBeUndefined();
    expect(uploadErrorKey(new Error('x'))).toBeUndefined();
  });
});

describe('formatSize', () => {
  it('writes sizes for people in fr and nl', () => {
    expect(formatSize(2_516_582, 'fr')).toBe('2,4 Mo');
    expect(formatSize(2_516_582, 'nl')).toBe('2,4 MB');
    expect(formatSize(2048, 'fr')).toBe('2 Ko');
  });
});
