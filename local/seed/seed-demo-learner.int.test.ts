// The demo learner's data through the real stack (api bundle in the local host, Cosmos, Azurite, clamd, the Stripe
// simulator): after one run every learner page has content, and a second run adds nothing.
import {
  myCertificatesSchema,
  notificationListSchema,
  dashboardSchema,
  invoiceListSchema,
  myDiplomaSchema,
  subscriptionViewSchema,
} from '@soins/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiStack, type ApiStack } from '../../tests/support/api-stack';
import { DEMO_LEARNER_SUB, seedDemoLearner, type SeedDemoLearnerDeps } from './seed-demo-learner';
import { seedTrainings } from './seed-trainings';
import { chronicWoundCare } from './trainings/chronic-wound-care';
import { handHygiene } from './trainings/hand-hygiene';

const emulators = inject('emulators');
let stack: ApiStack;
let deps: SeedDemoLearnerDeps;

beforeAll(async () => {
  stack = await startApiStack(emulators, 'soins-demo-learner');
  await seedTrainings({
    trainings: stack.composition.trainings,
    storageConnectionString: emulators.storageConnectionString,
    invalidate: stack.composition.catalogue.invalidate,
  });
  deps = {
    journey: stack.composition.journey,
    users: stack.composition.users,
    userId: stack.composition.userIdFor(stack.idp.issuer, DEMO_LEARNER_SUB),
    reviewerId: stack.composition.userIdFor(stack.idp.issuer, 'demo-admin'),
    stripeUrl: emulators.stripeSimUrl,
    completed: chronicWoundCare,
    inProgress: handHygiene,
  };
}, 180_000);

afterAll(async () => {
  await stack.stop();
});

/** GET as the demo learner (the stack's `learner` is Marie). */
async function mine(path: string): Promise<unknown> {
  const response = await stack.call('learner', 'GET', path);
  expect(response.status, path).toBe(200);
  return response.json();
}

describe('seedDemoLearner', () => {
  it('gives Marie a diploma, a subscription with two invoices, a completed and a started training, and a certificate', async () => {
    expect(stack.idOf('learner')).toBe(deps.userId);
    expect(await seedDemoLearner(deps)).toEqual({
      diploma: 'approved',
      subscription: 'created',
      completed: 'passed',
      inProgress: 'started',
    });

    expect(myDiplomaSchema.parse(await mine('me/diploma')).diploma?.status).toBe('approved');
    const subscription = subscriptionViewSchema.parse(await mine('billing/subscription'));
    expect(subscription).toMatchObject({ status: 'active', plan: 'monthly', entitled: true });
    const invoices = invoiceListSchema.parse(await mine('billing/invoices'));
    expect(invoices.items.map((invoice) => invoice.status)).toEqual(['paid', 'paid']);

    const trainings = dashboardSchema.parse(await mine('me/trainings'));
    const byId = new Map(trainings.items.map((item) => [item.trainingId, item]));
    expect(byId.get('chronic-wound-care')).toMatchObject({
      progress: { completedChapters: 3, totalChapters: 3 },
    });
    expect(byId.get('chronic-wound-care')?.nextStep.kind).toBe('done');
    expect(byId.get('hand-hygiene')).toMatchObject({
      progress: { completedChapters: 1, totalChapters: 3 },
      nextStep: { kind: 'chapter', chapterId: 'five-moments' },
    });

    // The passed quiz asked for the certificate: the workflow issues it in the background.
    await expect
      .poll(
        async () =>
          myCertificatesSchema
            .parse(await mine('me/certificates'))
            .items.map((item) => [item.trainingId, item.pdfReady]),
        { timeout: 60_000, interval: 1_000 },
      )
      .toEqual([['chronic-wound-care', true]]);
    // The bell is not empty after `npm start`: the diploma review and the certificate, both unread.
    expect(
      notificationListSchema
        .parse(await mine('me/notifications'))
        .items.map((n) => [n.subject.kind, n.readAt ?? 'unread']),
    ).toEqual([
      ['certificate-ready', 'unread'],
      ['diploma-reviewed', 'unread'],
    ]);
  });

  it('adds nothing on a second run (a second `npm start`)', async () => {
    const before = {
      invoices: invoiceListSchema.parse(await mine('billing/invoices')).items.length,
      certificates: myCertificatesSchema.parse(await mine('me/certificates')).items.length,
      notifications: notificationListSchema.parse(await mine('me/notifications')).items.length,
    };
    expect(await seedDemoLearner(deps)).toEqual({
      diploma: 'already',
      subscription: 'already',
      completed: 'already',
      inProgress: 'already',
    });
    expect({
      invoices: invoiceListSchema.parse(await mine('billing/invoices')).items.length,
      certificates: myCertificatesSchema.parse(await mine('me/certificates')).items.length,
      notifications: notificationListSchema.parse(await mine('me/notifications')).items.length,
    }).toEqual(before);
  });
});
