import { formatVerificationCode, normalizeVerificationCode } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { formatCode, normalizeCode } from './code';

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
