// Gives the demo learner (Marie) what every learner page shows, through the api's own use cases and the
// simulators, so `npm start` opens on real content without playing a course first: an approved diploma (uploaded,
// scanned by clamd, approved), a monthly subscription paid on the Stripe simulator's hosted Checkout with two
// invoices (the first payment and a renewal), the chronic wound care training completed with its quiz passed (its
// certificate follows through the certificate workflow once the host runs), and the hand hygiene training in
// progress (its first chapter watched). Idempotent: each step first looks at what is stored and does only what is
// missing, so a second start adds nothing.
import type { ContentLanguage, Profile, QuizAttemptView } from '@soins/shared';
import type { UserProfile, UserRepository } from '../../api/src/domain/identity/model';
import type { LearnerJourney } from '../../api/src/main';
import type { SeedTraining } from './trainings';

/** The demo learner (local/seed/demo-users.json): Marie Dubois. */
export const DEMO_LEARNER_SUB = 'demo-learner-marie';

/** The Stripe simulator's test card that always succeeds (local/services/stripe-billing.ts). */
const SUCCESS_CARD = '4242 4242 4242 4242';

/** A one-page PDF, the demo diploma (clamd scans it like any upload). */
export const demoDiplomaPdf = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
);

export interface DemoLearnerReport {
  readonly diploma: 'approved' | 'already' | 'pending';
  readonly subscription: 'created' | 'already';
  readonly completed: 'passed' | 'already';
  readonly inProgress: 'started' | 'already';
}

export interface SeedDemoLearnerDeps {
  readonly journey: LearnerJourney;
  readonly users: UserRepository;
  readonly userId: string;
  /** Who the audit log names as approving her diploma (the demo admin). */
  readonly reviewerId: string;
  /** Base URL of the Stripe simulator (its hosted Checkout and `/_sim` helpers). */
  readonly stripeUrl: string;
  /** Completed, quiz passed: a paid training (the subscription opens it). */
  readonly completed: SeedTraining;
  /** Enrolled, first chapter watched. */
  readonly inProgress: SeedTraining;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Unix seconds, to pick the Stripe events of this run. */
  readonly nowSeconds?: () => number;
}

function fail(step: string, detail: unknown): never {
  throw new Error(`demo learner: ${step} failed (${JSON.stringify(detail)})`);
}

export async function seedDemoLearner(deps: SeedDemoLearnerDeps): Promise<DemoLearnerReport> {
  const stored = await deps.users.get(deps.userId);
  if (!stored) fail('profile', 'the demo learner has no profile (seed the demo users first)');
  const learner = stored.value;
  return {
    diploma: await approvedDiploma(deps, learner),
    subscription: await subscription(deps, learner),
    completed: await completedTraining(deps, learner),
    inProgress: await trainingInProgress(deps, learner),
  };
}

async function approvedDiploma(
  deps: SeedDemoLearnerDeps,
  learner: UserProfile,
): Promise<DemoLearnerReport['diploma']> {
  const { diplomas } = deps.journey;
  let latest = await diplomas.repository.latestFor(learner.id);
  if (latest?.status === 'approved') return 'already';
  if (!latest || latest.status === 'rejected' || latest.status === 'infected') {
    const uploaded = await diplomas.upload.execute({ userId: learner.id, bytes: demoDiplomaPdf });
    if (!uploaded.ok) fail('diploma upload', uploaded.error);
    latest = uploaded.value;
  }
  if (latest.status === 'scanning') {
    // What the scan queue's consumer runs; without clamd (Defender) the scan result arrives on its own.
    if (!diplomas.scan) return 'pending';
    await diplomas.scan.execute({ userId: learner.id, diplomaId: latest.id });
    latest = (await diplomas.repository.latestFor(learner.id)) ?? latest;
  }
  if (latest.status !== 'pending_review') fail('diploma scan', latest.status);
  const decided = await diplomas.decide.execute({
    actorId: deps.reviewerId,
    userId: learner.id,
    diplomaId: latest.id,
    decision: { decision: 'approve' },
  });
  if (!decided.ok) fail('diploma approval', decided.error);
  return 'approved';
}

async function subscription(
  deps: SeedDemoLearnerDeps,
  learner: UserProfile,
): Promise<DemoLearnerReport['subscription']> {
  const { billing } = deps.journey;
  const http = deps.fetch ?? fetch;
  const account = (await billing.accounts.get(learner.id))?.value;
  if (account?.subscription?.status === 'active') return 'already';
  const since = (deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000)))() - 5;
  const checkout = await billing.checkout.execute({ user: learner, plan: 'monthly' });
  if (!checkout.ok) fail('checkout', checkout.error);
  // She pays on the simulator's hosted Checkout page, as in the browser.
  const paid = await http(`${checkout.value.url}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ card_number: SUCCESS_CARD }).toString(),
    redirect: 'manual',
  });
  await paid.arrayBuffer();
  if (paid.status !== 302 && paid.status !== 303) fail('payment', paid.status);
  // The webhook deliveries would do this a moment later (the gateway is not up yet): same handler, same events,
  // so the deliveries then find them processed.
  await billing.replayEvents(since);
  const subscribed = (await billing.accounts.get(learner.id))?.value.subscription;
  if (subscribed?.status !== 'active') fail('subscription', subscribed?.status ?? 'none');
  // A month later: the renewal, the second invoice.
  const renewed = await http(`${deps.stripeUrl}/_sim/subscriptions/${subscribed.id}/renew`, {
    method: 'POST',
  });
  await renewed.arrayBuffer();
  if (!renewed.ok) fail('renewal', renewed.status);
  await billing.replayEvents(since);
  return 'created';
}

const language = (learner: Pick<Profile, 'language'>): ContentLanguage =>
  learner.language === 'nl' ? 'nl' : 'fr';

/** Right answers for the questions drawn, from the seed's bank. */
function rightAnswers(view: QuizAttemptView, training: SeedTraining) {
  return view.questions.map((question) => {
    const bank =
      training.questions.find((q) => q.id === question.id) ??
      training.questions.find((q) => q.prompt[view.language] === question.prompt);
    if (!bank) fail('quiz', `question ${question.id} is not in the seed`);
    return { questionId: question.id, optionIds: bank.options.filter((o) => o.correct).map((o) => o.id) };
  });
}

async function completedTraining(
  deps: SeedDemoLearnerDeps,
  learner: UserProfile,
): Promise<DemoLearnerReport['completed']> {
  const { learning, quiz } = deps.journey;
  const training = deps.completed;
  const caller = { userId: learner.id, language: language(learner), trainingId: training.id };
  const overview = await quiz.overview.execute({ userId: learner.id, trainingId: training.id });
  if (overview.ok && overview.value.passed) return 'already';
  const enrolled = await learning.enrol.execute({ userId: learner.id, trainingId: training.id });
  if (!enrolled.ok) fail('enrolment', enrolled.error);
  // Under "complete on launch", opening each chapter completes it.
  for (const chapter of training.content.chapters) {
    const opened = await learning.openVideo.execute({ ...caller, chapterId: chapter.id });
    if (!opened.ok) fail('opening a chapter', opened.error);
  }
  const started = await quiz.start.execute(caller);
  if (!started.ok) fail('quiz start', started.error);
  const view = started.value.view;
  const result = await quiz.submit.execute({
    ...caller,
    attemptId: view.attemptId,
    answers: rightAnswers(view, training),
  });
  if (!result.ok || !result.value.passed) fail('quiz', result.ok ? result.value.status : result.error);
  return 'passed';
}

async function trainingInProgress(
  deps: SeedDemoLearnerDeps,
  learner: UserProfile,
): Promise<DemoLearnerReport['inProgress']> {
  const { learning } = deps.journey;
  const training = deps.inProgress;
  const first = training.content.chapters[0];
  if (!first) fail('training in progress', 'no chapter');
  const caller = { userId: learner.id, language: language(learner), trainingId: training.id };
  const enrolled = await learning.enrol.execute({ userId: learner.id, trainingId: training.id });
  if (!enrolled.ok) fail('enrolment', enrolled.error);
  const course = await learning.course.execute(caller);
  if (!course.ok) fail('course', course.error);
  if (course.value.chapters.find((c) => c.id === first.id)?.completed) return 'already';
  const opened = await learning.openVideo.execute({ ...caller, chapterId: first.id });
  if (!opened.ok) fail('opening a chapter', opened.error);
  // Watched at twice the speed, in real time: the api credits no more than the time that went by.
  await (deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(
    Math.ceil((first.durationSeconds / 2) * 1000) + 1_000,
  );
  const reported = await learning.reportProgress.execute({
    ...caller,
    chapterId: first.id,
    report: { intervals: [[0, first.durationSeconds]], position: first.durationSeconds },
  });
  if (!reported.ok) fail('progress report', reported.error);
  return 'started';
}
