import { unprintableNameMessage, type Profile } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { initialDraft, serverDetailErrors, validateDraft } from './details';

const profile: Profile = {
  id: 'u1',
  email: 'marie@example.be',
  displayName: 'Marie Van den Broeck',
  roles: ['learner'],
  language: 'fr',
  status: 'active',
  createdAt: '2026-11-01T10:00:00Z',
  profileComplete: false,
};

describe('onboarding details', () => {
  it('prefills the names from the name given at sign-up, the rest empty', () => {
    expect(initialDraft(profile)).toEqual({
      firstName: 'Marie',
      lastName: 'Van den Broeck',
      profession: '',
      specialistTitle: false,
      phone: '',
    });
  });

  it('prefers the stored details', () => {
    const draft = initialDraft({
      ...profile,
      firstName: 'Anne',
      lastName: 'Peeters',
      profession: 'midwife',
      phone: '+32470123456',
    });
    expect(draft).toMatchObject({
      firstName: 'Anne',
      lastName: 'Peeters',
      profession: 'midwife',
      phone: '+32470123456',
    });
  });

  it('names every invalid field with its own message', () => {
    expect(
      validateDraft({ firstName: ' ', lastName: 'X<', profession: '', specialistTitle: false, phone: 'abc' }),
    ).toEqual({
      errors: {
        firstName: 'details.error.firstName',
        lastName: 'details.error.lastName',
        profession: 'details.error.profession',
        phone: 'details.error.phone',
      },
    });
  });

  it('returns the normalised details when valid', () => {
    expect(
      validateDraft({
        firstName: 'Jan',
        lastName: 'Peeters',
        profession: 'nurse',
        specialistTitle: true,
        phone: '0470 12 34 56',
      }),
    ).toEqual({
      details: {
        firstName: 'Jan',
        lastName: 'Peeters',
        profession: 'nurse',
        specialistTitle: true,
        phone: '+32470123456',
      },
    });
  });

  it('maps the api field errors to the same messages and ignores other problems', () => {
    const invalid = new ApiError(400, 'validation_failed', {
      type: 'about:blank',
      title: 'Invalid',
      status: 400,
      code: 'validation_failed',
      errors: [{ path: 'phone', message: 'expected a phone number' }],
    });
    expect(serverDetailErrors(invalid)).toEqual({ phone: 'details.error.phone' });
    expect(serverDetailErrors(new ApiError(409, 'conflict'))).toBeUndefined();
  });

  it('explains a name certificates cannot print, in the browser and from the api', () => {
    expect(
      validateDraft({
        firstName: '王小明',
        lastName: 'Li',
        profession: 'nurse',
        specialistTitle: false,
        phone: '',
      }),
    ).toEqual({ errors: { firstName: 'details.error.nameUnprintable' } });
    const refused = new ApiError(400, 'validation_failed', {
      type: 'about:blank',
      title: 'Invalid',
      status: 400,
      code: 'validation_failed',
      errors: [{ path: 'lastName', message: unprintableNameMessage }],
    });
    expect(serverDetailErrors(refused)).toEqual({ lastName: 'details.error.nameUnprintable' });
  });
});
