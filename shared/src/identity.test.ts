import { describe, expect, it } from 'vitest';
import { isPrintableName, myDetailsSchema, phoneSchema, unprintableNameMessage } from './identity';

describe('phone numbers', () => {
  it.each([
    ['0470 12 34 56', '+32470123456'],
    ['+32 (0)2 555.12.34'.replace('(0)', ''), '+3225551234'],
    ['0032 470/12-34-56', '+32470123456'],
    ['+33 6 12 34 56 78', '+33612345678'],
  ])('normalises %s to %s', (raw, e164) => {
    expect(phoneSchema.parse(raw)).toBe(e164);
  });

  it.each(['12', '+0470123456', 'call me', '+32 470 12 34 56 78 90 12'])('refuses %s', (raw) => {
    expect(phoneSchema.safeParse(raw).success).toBe(false);
  });
});

describe('onboarding details', () => {
  it('trims names and accepts accents, apostrophes and hyphens', () => {
    expect(
      myDetailsSchema.parse({ firstName: ' Élodie ', lastName: "Van der Meer-D'Hondt", profession: 'nurse' }),
    ).toEqual({
      firstName: 'Élodie',
      lastName: "Van der Meer-D'Hondt",
      profession: 'nurse',
      specialistTitle: false,
    });
  });

  it('accepts an empty phone as no phone', () => {
    expect(
      myDetailsSchema.parse({ firstName: 'Jan', lastName: 'Peeters', profession: 'other', phone: '' }).phone,
    ).toBe('');
  });

  it('refuses markup in names, unknown professions and unknown fields', () => {
    expect(myDetailsSchema.safeParse({ firstName: '<b>', lastName: 'X', profession: 'nurse' }).success).toBe(
      false,
    );
    expect(myDetailsSchema.safeParse({ firstName: 'A', lastName: 'B', profession: 'surgeon' }).success).toBe(
      false,
    );
    expect(
      myDetailsSchema.safeParse({ firstName: 'A', lastName: 'B', profession: 'nurse', roles: ['admin'] })
        .success,
    ).toBe(false);
  });
});

describe('names a certificate can print', () => {
  it.each([
    'Élodie',
    'Ελένη Παπαδοπούλου',
    'Олена Шевченко',
    'Łukasz Żółć',
    'Nguyễn Thị Ánh',
    'Ǿrjan',
    'Ṡeán',
  ])('accepts %s', (name) => {
    expect(isPrintableName(name)).toBe(true);
    expect(myDetailsSchema.safeParse({ firstName: name, lastName: 'X', profession: 'nurse' }).success).toBe(
      true,
    );
  });

  it.each(['王小明', 'محمد', 'דוד', 'Ζ\u0301\u0308\u0303', 'Tanaka 太郎', 'Ａｎｎａ'])(
    'refuses %s with the message the SPA and the api translate',
    (name) => {
      expect(isPrintableName(name)).toBe(false);
      const parsed = myDetailsSchema.safeParse({ firstName: name, lastName: 'X', profession: 'nurse' });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual([
        'firstName',
        unprintableNameMessage,
      ]);
    },
  );

  it('stores names composed (NFC), so a decomposed accent is one letter', () => {
    const parsed = myDetailsSchema.parse({ firstName: 'E\u0301lodie', lastName: 'X', profession: 'nurse' });
    expect(parsed.firstName).toBe('Élodie');
    expect(parsed.firstName).toHaveLength(6);
  });
});
