import {
  myDetailsSchema,
  profileSchema,
  unprintableNameMessage,
  updateMyProfileSchema,
  type AuthConfig,
  type Profile,
} from '@soins/shared';
import { isProfileComplete, type UserProfile } from '../../domain/identity/model';
import type { ChangeMyLanguage, UpdateMyDetails } from '../../domain/identity/use-cases';
import { access, callerOf, readJson, type RouteSpec } from '../http-kit';
import { HttpProblem } from '../problems';

/** The public shape of a profile (no issuer/subject). */
export function toProfileResponse(profile: UserProfile): Profile {
  return profileSchema.parse({
    id: profile.id,
    email: profile.email,
    displayName: profile.displayName,
    roles: profile.roles,
    language: profile.language,
    status: profile.status === 'deleted' ? 'disabled' : profile.status,
    createdAt: profile.createdAt,
    ...(profile.firstName ? { firstName: profile.firstName } : {}),
    ...(profile.lastName ? { lastName: profile.lastName } : {}),
    ...(profile.profession ? { profession: profile.profession } : {}),
    ...(profile.specialistTitle === undefined ? {} : { specialistTitle: profile.specialistTitle }),
    ...(profile.phone ? { phone: profile.phone } : {}),
    profileComplete: isProfileComplete(profile),
  });
}

const unprintableNameDetail: Record<'fr' | 'nl' | 'en', string> = {
  fr: 'Votre nom figurera sur vos attestations : seules les lettres latines, grecques ou cyrilliques (avec au plus deux accents par lettre) peuvent y être imprimées. Écrivez-le en lettres latines, comme sur votre diplôme.',
  nl: 'Uw naam komt op uw attesten: alleen Latijnse, Griekse of Cyrillische letters (met hoogstens twee accenten per letter) kunnen erop worden gedrukt. Schrijf hem in Latijnse letters, zoals op uw diploma.',
  en: 'Your name is printed on your certificates: only Latin, Greek or Cyrillic letters (with at most two accents each) can be printed. Write it in Latin letters, as on your diploma.',
};

/** A name certificates cannot print gets a clear, localized explanation besides its field error. */
function withUnprintableNameDetail(error: unknown, language: 'fr' | 'nl' | 'en'): unknown {
  if (!(error instanceof HttpProblem) || !error.errors?.some((e) => e.message === unprintableNameMessage)) {
    return error;
  }
  return new HttpProblem(error.code, unprintableNameDetail[language], error.errors, error.headers);
}

/** MSAL settings for the SPA: one SPA build runs locally and in Azure. */
export function makeAuthConfigRoute(config: AuthConfig): RouteSpec {
  return {
    name: 'auth-config',
    methods: ['GET'],
    route: 'auth/config',
    access: access.anonymous,
    handle: () => Promise.resolve({ body: config, headers: { 'Cache-Control': 'public, max-age=300' } }),
  };
}

export function makeMeRoutes(deps: {
  changeLanguage: ChangeMyLanguage;
  updateDetails: UpdateMyDetails;
  /** After the details are saved (e.g. certificates that waited for a complete profile). */
  detailsSaved?: (profile: UserProfile) => Promise<void>;
}): RouteSpec[] {
  return [
    {
      name: 'me-get',
      methods: ['GET'],
      route: 'me',
      access: access.signedIn,
      handle: (ctx) => Promise.resolve({ body: toProfileResponse(callerOf(ctx)) }),
    },
    {
      name: 'me-update',
      methods: ['PATCH'],
      route: 'me',
      access: access.signedIn,
      maxBodyBytes: 4 * 1024,
      handle: async (ctx) => {
        const input = await readJson(ctx, updateMyProfileSchema);
        const result = await deps.changeLanguage.execute({
          userId: callerOf(ctx).id,
          language: input.language,
        });
        if (!result.ok)
          throw new HttpProblem(result.error.code === 'not_found' ? 'unauthorized' : 'conflict');
        return { body: toProfileResponse(result.value) };
      },
    },
    {
      name: 'me-details',
      methods: ['PUT'],
      route: 'me/details',
      access: access.signedIn,
      // Personal data: only once the current terms and privacy policy are accepted.
      requiresLegalAcceptance: true,
      maxBodyBytes: 4 * 1024,
      handle: async (ctx) => {
        const details = await readJson(ctx, myDetailsSchema).catch((error: unknown) => {
          throw withUnprintableNameDetail(error, ctx.language);
        });
        const result = await deps.updateDetails.execute({ userId: callerOf(ctx).id, details });
        if (!result.ok)
          throw new HttpProblem(result.error.code === 'not_found' ? 'unauthorized' : 'conflict');
        await deps.detailsSaved?.(result.value);
        return { body: toProfileResponse(result.value) };
      },
    },
  ];
}
