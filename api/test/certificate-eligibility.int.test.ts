// Certificates back accredited hours: issued only to a learner whose profile was completed through the
// onboarding form (the names printed are the ones it checked, never the sign-in token's) and whose
// diploma an admin approved. Passes wait meanwhile and are issued on approval. Through the real stack.
import {
  diplomaSchema,
  problemSchema,
  unprintableNameMessage,
  myCertificatesSchema,
  quizAttemptViewSchema,
  quizResultSchema,
  type Training,
} from '@soins/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiStack, type ApiStack, type Caller } from '../../tests/support/api-stack';
import { certificateInstanceId } from '../src/domain/certificates/model';
import { questionBank, quizTraining, rightOptions } from './fakes/quiz-fakes';

const emulators = inject('emulators');
let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack(emulators, 'soins-certificate-eligibility');
  for (const id of ['eligibility-diploma', 'eligibility-profile']) {
    const training: Training = {
      ...quizTraining(id),
      free: true,
      completionRule: { kind: 'launch' },
      chapters: [
        {
          id: 'one',
          title: { fr: 'Chapitre', nl: 'Hoofdstuk' },
          durationSeconds: 60,
          video: { fr: `${id}/one.fr.mp4`, nl: `${id}/one.nl.mp4` },
        },
      ],
    };
    await stack.composition.trainings.save(training);
    await stack.composition.trainings.replaceQuestions(id, questionBank(id, 6));
  }
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

/** Enrols, opens the chapter, passes the quiz: all through the learner's own routes. */
async function pass(caller: Caller, trainingId: string): Promise<void> {
  expect((await stack.call(caller, 'POST', `me/trainings/${trainingId}/enrolment`)).status).toBeLessThan(300);
  expect((await stack.call(caller, 'GET', `me/trainings/${trainingId}/chapters/one/video`)).status).toBe(200);
  const started = await stack.call(caller, 'POST', `me/trainings/${trainingId}/quiz/attempts`);
  const view = quizAttemptViewSchema.parse(await started.json());
  const submitted = await stack.call(
    caller,
    'POST',
    `me/trainings/${trainingId}/quiz/attempts/${view.attemptId}/submission`,
    { json: { answers: view.questions.map((q) => ({ questionId: q.id, optionIds: rightOptions(q.id) })) } },
  );
  expect(quizResultSchema.parse(await submitted.json()).passed).toBe(true);
}

async function myCertificates(caller: Caller) {
  await stack.host.queues.idle();
  return myCertificatesSchema.parse(await (await stack.call(caller, 'GET', 'me/certificates')).json());
}

async function certificatesOf(caller: Caller) {
  return (await myCertificates(caller)).items;
}

/** The learner's certificates for a training once its request was consumed and any workflow it started ended. */
async function settledCertificates(caller: Caller, trainingId: string) {
  await stack.host.queues.idle();
  const instanceId = certificateInstanceId(stack.idOf(caller), trainingId);
  if (await stack.host.durable.getStatus(instanceId))
    await stack.host.durable.waitForCompletion(instanceId, 60_000);
  return (await certificatesOf(caller)).filter((c) => c.trainingId === trainingId);
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The learner uploads a diploma (scanned by clamd), an admin approves it. */
async function approveDiploma(caller: Caller): Promise<void> {
  const uploaded = await stack.call(caller, 'PUT', 'me/diploma', {
    raw: Buffer.from('%PDF-1.4\n% diplome\n%%EOF\n'),
  });
  expect(uploaded.status).toBe(202);
  const diploma = diplomaSchema.parse(((await uploaded.json()) as { diploma: unknown }).diploma);
  await stack.host.queues.idle();
  const decided = await stack.call(
    'admin',
    'POST',
    `manage/diplomas/${diploma.userId}/${diploma.id}/decision`,
    {
      json: { decision: 'approve' },
    },
  );
  expect(decided.status).toBe(200);
}

async function holderOnPdf(caller: Caller, trainingId: string): Promise<string | undefined> {
  const [certificate] = (await certificatesOf(caller)).filter((c) => c.trainingId === trainingId);
  if (!certificate) return undefined;
  const verified = (await (
    await stack.call('anonymous', 'GET', `verify/${certificate.verificationCode}`)
  ).json()) as {
    holderName?: string;
  };
  return verified.holderName;
}

describe('certificate eligibility', () => {
  it('keeps a pass waiting until the diploma is approved, then issues it and says so', async () => {
    await pass('learner', 'eligibility-diploma');
    // The request was taken (the pass is recorded) but no certificate exists without an approved diploma.
    expect(await settledCertificates('learner', 'eligibility-diploma')).toEqual([]);
    // The learner is told what her certificate waits for, and which pass waits.
    expect(await myCertificates('learner')).toMatchObject({
      missing: ['diploma'],
      waiting: ['eligibility-diploma'],
    });

    await approveDiploma('learner');
    const holder = await until(() => holderOnPdf('learner', 'eligibility-diploma'), 'the certificate');
    expect(holder).toBe('Marie Dubois');
    expect(await myCertificates('learner')).toMatchObject({ missing: [], waiting: [] });
    // The approval e-mail tells the learner her waiting certificates are on their way.
    const outbox = (await (
      await fetch(`${emulators.mailSinkUrl}/api/messages?to=marie.dubois@demo.soins.plus`)
    ).json()) as { Tag?: string; TextBody?: string }[];
    // The mail sink lists the whole run's messages, newest first (other files approve her diploma too).
    const approval = outbox.find((m) => m.Tag === 'diploma_approved');
    expect(approval?.TextBody).toMatch(/déjà réussies/);
  }, 90_000);

  it('never issues to a profile the onboarding form did not complete, and prints the names it checked', async () => {
    // Jan never filled in the onboarding form: his profile only has the sign-in token's display name.
    const id = stack.idOf('otherLearner');
    const stored = await stack.composition.users.get(id);
    if (!stored) throw new Error('no profile');
    const { firstName: _f, lastName: _l, profession: _p, ...fromToken } = stored.value;
    expect(
      await stack.composition.users.replace({ ...fromToken, displayName: 'jan.token.name' }, stored.etag),
    ).toBe(true);
    await approveDiploma('otherLearner');
    await pass('otherLearner', 'eligibility-profile');
    expect(await settledCertificates('otherLearner', 'eligibility-profile')).toEqual([]);
    expect(await myCertificates('otherLearner')).toMatchObject({
      missing: ['profile'],
      waiting: ['eligibility-profile'],
    });

    // The onboarding form, as the SPA sends it: the certificate follows, in the names checked there.
    const details = await stack.call('otherLearner', 'PUT', 'me/details', {
      json: { firstName: 'Jan', lastName: 'Peeters-Ваня', profession: 'nurse' },
    });
    expect(details.status).toBe(200);
    const holder = await until(() => holderOnPdf('otherLearner', 'eligibility-profile'), 'the certificate');
    expect(holder).toBe('Jan Peeters-Ваня');
  }, 90_000);

  it('refuses at the onboarding form a name certificates cannot print, with a clear localized message', async () => {
    for (const [language, words] of [
      ['fr', /lettres latines, grecques ou cyrilliques/],
      ['nl', /Latijnse, Griekse of Cyrillische letters/],
    ] as const) {
      const refused = await stack.call('otherLearner', 'PUT', 'me/details', {
        json: { firstName: '小明', lastName: 'Wang', profession: 'nurse' },
        headers: { 'accept-language': language },
      });
      expect(refused.status).toBe(400);
      const problem = problemSchema.parse(await refused.json());
      expect(problem.code).toBe('validation_failed');
      expect(problem.detail).toMatch(words);
      expect(problem.errors).toEqual([{ path: 'firstName', message: unprintableNameMessage }]);
    }
    // Greek and Cyrillic are printed, so accepted.
    const greek = await stack.call('otherLearner', 'PUT', 'me/details', {
      json: { firstName: 'Ελένη', lastName: 'Шевченко', profession: 'nurse' },
    });
    expect(greek.status).toBe(200);
  });
});
