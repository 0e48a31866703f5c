import { formatVerificationCode, normalizeVerificationCode } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { formatCode, formatCodeInput, normalizeCode } from './code';

const CODE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

describe('verification codes', () => {
  it('normalise and format like the api', () => {
    for (const raw of [
      CODE,
      CODE.toLowerCase(),
      formatCode(CODE),
      ` ${formatCode(CODE).toLowerCase()} `,
      'ABC',
      `${CODE}8`,
      'x'.repeat(200),
    ]) {
      expect(normalizeCode(raw)).toBe(normalizeVerificationCode(raw));
    }
    expect(normalizeCode(formatCode(CODE))).toBe(CODE);
    expect(formatCode(CODE)).toBe(formatVerificationCode(CODE));
    expect(formatCode(CODE)).toBe('ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567');
  });
});

describe('the verification form', () => {
  it('groups what is typed by 4, in upper case, whatever the separators', () => {
    expect(formatCodeInput('abcd efgh-ijkl')).toBe('ABCD-EFGH-IJKL');
    expect(formatCodeInput('abcdefghijklmnopqrstuvwxyz234567')).toBe(formatCode(CODE));
    expect(formatCodeInput(' a.b_c ')).toBe('ABC');
    expect(formatCodeInput('')).toBe('');
  });

  it('accepts a typed code in lower case, grouped or not, and refuses a wrong length', () => {
    expect(normalizeCode(formatCodeInput(CODE.toLowerCase()))).toBe(CODE);
    expect(normalizeCode(formatCodeInput('abcd-efgh'))).toBeUndefined();
  });
});
