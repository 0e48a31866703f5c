import type { Language } from '@soins/shared';
import { fail, ok, type Result } from './result';

/*
 * INAMI/RIZIV number of a Belgian healthcare professional: 11 digits, shown `P-SSSSS-CC-QQQ`.
 *
 *   digits 1–6   P SSSSS  profession digit (4 = nurse or midwife) and sequence number
 *   digits 7–8   CC       check number computed from digits 1–6
 *   digits 9–11  QQQ      qualification (competence) code; it can change during a career and is NOT
 *                         covered by the check number
 *
 * Check rule implemented (both series accepted):
 *
 *   n  = digits 1–6 read as an integer
 *   CC = M − (n mod M)   written on two digits, with M = 97 (historical series) or M = 89
 *
 * so CC ranges 01–97 in the mod-97 series and 01–89 in the mod-89 series; CC = 00 is never valid.
 * Because the same six digits can carry one check number per series, digits 1–8 (not 1–6) identify the
 * professional: that is what `inamiIdentity` returns and what uniqueness is enforced on.
 *
 * Sources and reasoning:
 * - RIZIV/INAMI, page for software vendors ("Voor uw ontwikkelingen rond Riziv-nummers"): to let the
 *   number of RIZIV numbers grow for some professions, new numbers were created "op basis van een
 *   andere check digit (controlegetal) (modulo 89)".
 * - Infohos Services (hospital software vendor), summary of RIZIV note I 2012/26 of 31/10/2012:
 *   positions 7–8 are the modulo-97 check of positions 1–6; since that note a modulo 89 is also used,
 *   first for home nurses and midwives, for physicians from 1 April 2019, so the first 8 positions are
 *   needed to identify a professional. (Also DESIGN.md §5.)
 * - "M − remainder" rather than "remainder": every Belgian modulo-97 identifier uses the complement
 *   (national register number, enterprise number), and the two independent open-source
 *   implementations found do the same: iCure/Taktik `checkInami` (97 − first6 % 97) and
 *   DDD.HealthcareDelivery `ComputeCheckDigit` (M − first6 % M for M = 97 or 89). Their published
 *   numbers all satisfy the complement rule and none satisfy `CC = n mod 97` (see the hand-worked
 *   vectors in api/test/inami.test.ts, e.g. eHealth's test number 1-90069-51-001:
 *   190069 = 97 × 1959 + 46 and 97 − 46 = 51).
 *
 * Limits of the check: it catches every single-digit error and every adjacent transposition within one
 * series in digits 1–8, but accepting two series means a mistyped number is occasionally valid in the
 * other series (measured: about 1 % of single-digit errors and of adjacent transpositions in digits 1–8
 * are accepted that way), and the qualification code is not checked at all.
 */

declare const inamiBrand: unique symbol;

/** Exactly 11 ASCII digits whose check number is valid in the mod-97 or the mod-89 series. */
export type InamiNumber = string & { readonly [inamiBrand]: true };

export type InamiSeries = 'mod97' | 'mod89';

export type InamiErrorCode = 'inami_format' | 'inami_checksum';

export interface InamiError {
  readonly code: InamiErrorCode;
  /** Developer message (English, no digits of the input); users see `inamiMessages`. */
  readonly message: string;
  /** The form field the error belongs to. */
  readonly field: 'inami';
}

const moduli: Readonly<Record<InamiSeries, number>> = { mod97: 97, mod89: 89 };

/** Separators people type or paste: spaces (incl. no-break), dots, hyphens/dashes, slashes. */
const separators = /[\s\u00a0\u202f.\-\u2010\u2011\u2012\u2013\u2014\u2212/]/g;
const maxInputLength = 40;

/** The check number (1–M) that digits 1–6 carry in one series. */
export function inamiCheckNumber(firstSix: number, series: InamiSeries): number {
  const modulus = moduli[series];
  return modulus - (firstSix % modulus);
}

/** The series in which an 11-digit string's check number is valid (both when they coincide). */
export function inamiSeriesOf(digits: string): InamiSeries[] {
  if (!/^\d{11}$/.test(digits)) return [];
  const firstSix = Number(digits.slice(0, 6));
  const check = Number(digits.slice(6, 8));
  return (Object.keys(moduli) as InamiSeries[]).filter(
    (series) => inamiCheckNumber(firstSix, series) === check,
  );
}

/** Accepts digits with optional separators; exactly 11 digits with a valid check number. */
export function parseInami(input: string): Result<InamiNumber, InamiError> {
  if (input.length > maxInputLength) {
    return fail({ code: 'inami_format', message: 'too long', field: 'inami' });
  }
  const digits = input.trim().replace(separators, '');
  if (!/^\d{11}$/.test(digits)) {
    return fail({
      code: 'inami_format',
      message: 'expected 11 digits, optionally separated by spaces, dots, dashes or slashes',
      field: 'inami',
    });
  }
  if (inamiSeriesOf(digits).length === 0) {
    return fail({
      code: 'inami_checksum',
      message: 'check number (digits 7-8) does not match',
      field: 'inami',
    });
  }
  return ok(digits as InamiNumber);
}

/** `X-XXXXX-XX-XXX`, the way INAMI prints it. */
export function formatInami(n: InamiNumber): string {
  return `${n.slice(0, 1)}-${n.slice(1, 6)}-${n.slice(6, 8)}-${n.slice(8)}`;
}

/**
 * `•-•••••-••-QQQ`: only the qualification code stays visible. It is shared by thousands of
 * professionals (it does not identify anyone) and lets the owner or an admin recognise which number is
 * on file and spot a wrong qualification code, which the check number cannot catch. Digits 1–8 (the
 * identity, including the profession digit and the check number derived from the identity) are hidden.
 */
export function maskInami(n: InamiNumber): string {
  return `•-•••••-••-${n.slice(8)}`;
}

/** Digits 1–8: what identifies a professional across qualification changes (see the header). */
export function inamiIdentity(n: InamiNumber): string {
  return n.slice(0, 8);
}

export type InamiMessageCode = InamiErrorCode | 'inami_taken';

/** Field messages in the user's language (French and Dutch first; German and English too). */
export const inamiMessages: Readonly<Record<Language, Readonly<Record<InamiMessageCode, string>>>> = {
  fr: {
    inami_format:
      'Le numéro INAMI compte 11 chiffres (par exemple 4-12345-67-890). Les espaces, points, tirets et barres obliques sont acceptés.',
    inami_checksum:
      'Ce numéro INAMI n’est pas valide : les chiffres de contrôle (7e et 8e chiffres) ne correspondent pas. Vérifiez-le sur votre carte ou votre courrier de l’INAMI.',
    inami_taken:
      'Ce numéro INAMI est déjà enregistré sur un autre compte SOINS+. Si c’est bien le vôtre, contactez-nous : un numéro ne peut appartenir qu’à un seul compte.',
  },
  nl: {
    inami_format:
      'Het RIZIV-nummer bestaat uit 11 cijfers (bijvoorbeeld 4-12345-67-890). Spaties, punten, streepjes en schuine strepen zijn toegestaan.',
    inami_checksum:
      'Dit RIZIV-nummer is niet geldig: de controlecijfers (7de en 8ste cijfer) kloppen niet. Controleer het op uw kaart of uw brief van het RIZIV.',
    inami_taken:
      'Dit RIZIV-nummer is al geregistreerd op een andere SOINS+-account. Is het wel degelijk uw nummer? Neem dan contact met ons op: een nummer kan maar bij één account horen.',
  },
  de: {
    inami_format:
      'Die LIKIV-Nummer hat 11 Ziffern (zum Beispiel 4-12345-67-890). Leerzeichen, Punkte, Bindestriche und Schrägstriche sind erlaubt.',
    inami_checksum:
      'Diese LIKIV-Nummer ist ungültig: Die Prüfziffern (7. und 8. Ziffer) stimmen nicht. Bitte prüfen Sie sie auf Ihrem Schreiben des LIKIV.',
    inami_taken:
      'Diese LIKIV-Nummer ist bereits in einem anderen SOINS+-Konto eingetragen. Wenn es Ihre Nummer ist, kontaktieren Sie uns: Eine Nummer kann nur zu einem Konto gehören.',
  },
  en: {
    inami_format:
      'An INAMI/RIZIV number has 11 digits (for example 4-12345-67-890). Spaces, dots, dashes and slashes are allowed.',
    inami_checksum:
      'This INAMI/RIZIV number is not valid: the check digits (7th and 8th digits) do not match. Please check it against your INAMI letter.',
    inami_taken:
      'This INAMI/RIZIV number is already registered on another SOINS+ account. If it is yours, please contact us: a number can belong to one account only.',
  },
};
