// Diploma upload → malware scan (real clamd) → review, through the api bundle in the local host with
// Azurite, the Cosmos emulator and tokens from the local identity provider.
import {
  diplomaLinkSchema,
  diplomaSchema,
  myDiplomaSchema,
  problemSchema,
  type Diploma,
} from '@soins/shared';
import { BlobServiceClient } from '@azure/storage-blob';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eicarTestFile } from '../../local/services/clamd';
import { startApiStack, type ApiStack, type Caller } from '../../tests/support/api-stack';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

const emulators = inject('emulators');
let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack(emulators, 'soins-diplomas');
}, 120_000);

afterAll(async () => {
  await stack.stop();
});

const pdf = (text: string): Buffer => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);

async function upload(caller: Caller, bytes: Uint8Array): Promise<Response> {
  return stack.call(caller, 'PUT', 'me/diploma', { raw: bytes });
}

async function mine(caller: Caller): Promise<Diploma | null> {
  return myDiplomaSchema.parse(await (await stack.call(caller, 'GET', 'me/diploma')).json()).diploma;
}

async function problemCode(response: Response): Promise<string> {
  return problemSchema.parse(await response.json()).code;
}

describe('diploma upload and review', () => {
  it('scans a clean PDF, then an admin reviews it through a short-lived read-only link', async () => {
    const content = pdf('Diplôme de bachelier infirmier responsable de soins généraux');
    const response = await upload('learner', content);
    expect(response.status).toBe(202);
    const uploaded = diplomaSchema.parse(((await response.json()) as { diploma: unknown }).diploma);
    expect(uploaded.status).toBe('scanning');
    expect(uploaded.contentType).toBe('application/pdf');

    await stack.host.queues.idle();
    expect((await mine('learner'))?.status).toBe('pending_review');

    const queue = (await (
      await stack.call('admin', 'GET', 'manage/diplomas?status=pending_review')
    ).json()) as { items: Diploma[] };
    expect(queue.items.map((d) => d.id)).toContain(uploaded.id);

    const linkResponse = await stack.call(
      'admin',
      'POST',
      `manage/diplomas/${uploaded.userId}/${uploaded.id}/link`,
    );
    expect(linkResponse.status).toBe(200);
    const link = diplomaLinkSchema.parse(await linkResponse.json());
    const expiresInMs = Date.parse(link.expiresAt) - Date.now();
    expect(expiresInMs).toBeGreaterThan(0);
    expect(expiresInMs).toBeLessThanOrEqual(5 * 60_000);
    const file = await fetch(link.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(content)).toBe(true);
    // Read-only: the same link cannot overwrite or delete the file.
    expect((await fetch(link.url, { method: 'DELETE' })).status).toBe(403);

    const decided = await stack.call(
      'admin',
      'POST',
      `manage/diplomas/${uploaded.userId}/${uploaded.id}/decision`,
      {
        json: { decision: 'reject', reason: 'Document illisible' },
      },
    );
    expect(decided.status).toBe(200);
    const rejected = await mine('learner');
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'Document illisible' });

    // After a rejection the learner may upload again.
    expect((await upload('learner', jpeg)).status).toBe(202);
    await stack.host.queues.idle();
    const second = await mine('learner');
    expect(second).toMatchObject({ status: 'pending_review', contentType: 'image/jpeg' });
    const approve = await stack.call(
      'admin',
      'POST',
      `manage/diplomas/${second?.userId ?? ''}/${second?.id ?? ''}/decision`,
      {
        json: { decision: 'approve' },
      },
    );
    expect(approve.status).toBe(200);
    expect((await mine('learner'))?.status).toBe('approved');

    // Each decision sent one email to the learner (through the email queue and the mail sink).
    await stack.host.queues.idle();
    // This stack's own mail (other files share the sink and e-mail this demo learner too).
    const subjects = (await stack.mailTo('marie.dubois@demo.soins.plus'))
      .map((m) => m.Subject)
      .filter((s) => s.includes('diplôme'));
    expect(subjects).toHaveLength(2);
    expect(new Set(subjects).size).toBe(2);
    // Approved: no further upload, and no second decision.
    expect(await problemCode(await upload('learner', jpeg))).toBe('conflict');
    const again = await stack.call(
      'admin',
      'POST',
      `manage/diplomas/${second?.userId ?? ''}/${second?.id ?? ''}/decision`,
      {
        json: { decision: 'reject', reason: 'trop tard' },
      },
    );
    expect(again.status).toBe(409);
  });

  it('rejects a file carrying the EICAR test signature and never makes it readable', async () => {
    const infected = Buffer.concat([pdf('attachment'), eicarTestFile()]);
    const response = await upload('otherLearner', infected);
    expect(response.status).toBe(202);
    const uploaded = diplomaSchema.parse(((await response.json()) as { diploma: unknown }).diploma);
    await stack.host.queues.idle();
    expect((await mine('otherLearner'))?.status).toBe('infected');

    const link = await stack.call('admin', 'POST', `manage/diplomas/${uploaded.userId}/${uploaded.id}/link`);
    expect(link.status).toBe(404);
    const blobs = BlobServiceClient.fromConnectionString(emulators.storageConnectionString);
    for (const container of ['diplomas-quarantine', 'diplomas']) {
      expect(
        await blobs.getContainerClient(container).getBlobClient(`${uploaded.userId}/${uploaded.id}`).exists(),
      ).toBe(false);
    }
    // Every admin is alerted once, without the learner's personal data.
    const alerts = (
      (await (await fetch(`${emulators.mailSinkUrl}/api/messages?to=admin@demo.soins.plus`)).json()) as {
        Subject: string;
        TextBody?: string;
      }[]
    ).filter((message) => message.TextBody?.includes(uploaded.id));
    expect(alerts.map((message) => message.Subject)).toEqual([
      'Alerte sécurité : un diplôme infecté a été supprimé',
    ]);
    expect(alerts[0]?.TextBody).toContain('Eicar');
    expect(alerts[0]?.TextBody).not.toContain('@demo.soins.plus');
    // The learner is told (status) and may upload a clean file.
    expect((await upload('otherLearner', pdf('clean'))).status).toBe(202);
    await stack.host.queues.idle();
  });

  it('refuses a PDF with active content, and serves review links as downloads of the type checked', async () => {
    const catalog = (entries: string) =>
      Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${entries} >>\nendobj\n%%EOF\n`);
    // The same action hidden in a compressed object stream, its name written with a #hex escape.
    const hidden = deflateSync(Buffer.from('3 0 << /S /J#61vaScript /J#53 (app.launchURL("x")) >>'));
    const objectStream = Buffer.concat([
      Buffer.from(
        `%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${hidden.length} >>\nstream\n`,
      ),
      hidden,
      Buffer.from('\nendstream\nendobj\n1 0 obj\n<< /Type /Catalog /OpenAction 3 0 R >>\nendobj\n%%EOF\n'),
    ]);
    for (const active of [
      catalog('/OpenAction << /S /JavaScript /JS (app.alert(1)) >>'),
      catalog('/AA << /O << /S /Launch /F (cmd.exe) >> >>'),
      catalog('/Names << /EmbeddedFiles 4 0 R >>'),
      catalog('/AcroForm << /XFA 6 0 R >>'),
      objectStream,
    ]) {
      const response = await upload('admin', active);
      expect(response.status).toBe(422);
      const problem = problemSchema.parse(await response.json());
      expect(problem.code).toBe('active_content');
      expect(problem.title).toMatch(/contenu actif/);
    }
    expect(await mine('admin')).toBeNull();

    // An ordinary PDF opening on a page (a destination, not an action) is accepted.
    const plain = catalog('/OpenAction [3 0 R /Fit]');
    const accepted = await upload('admin', plain);
    expect(accepted.status).toBe(202);
    await stack.host.queues.idle();
    const diploma = await mine('admin');
    expect(diploma?.status).toBe('pending_review');
    const link = diplomaLinkSchema.parse(
      await (
        await stack.call(
          'admin',
          'POST',
          `manage/diplomas/${diploma?.userId ?? ''}/${diploma?.id ?? ''}/link`,
        )
      ).json(),
    );
    const file = await fetch(link.url);
    expect(file.status).toBe(200);
    // Downloaded, never rendered in the browser, and typed as what the upload's bytes proved it to be.
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="diplome-[\w-]+\.pdf"$/);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(new URL(link.url).searchParams.get('rscd')).toMatch(/^attachment/);
    expect(new URL(link.url).searchParams.get('rsct')).toBe('application/pdf');
  });

  it('checks the real type by magic bytes: a disguised executable or text is refused with 415', async () => {
    const executable = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0)]);
    const response = await stack.call('trainer', 'PUT', 'me/diploma', {
      raw: executable,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': 'attachment; filename="diplome.pdf"',
      },
    });
    expect(response.status).toBe(415);
    expect(await problemCode(response)).toBe('unsupported_media_type');
    expect((await upload('trainer', Buffer.from('just text'))).status).toBe(415);
    expect(await mine('trainer')).toBeNull();
  });

  it('refuses a file over 10 MB with 413 and stores nothing', async () => {
    const huge = Buffer.concat([pdf('big'), Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    const response = await upload('trainer', huge);
    expect(response.status).toBe(413);
    expect(await mine('trainer')).toBeNull();
  });

  it('keeps the review queue and read links for admins only', async () => {
    const learnerId = stack.idOf('learner');
    expect((await stack.call('learner', 'GET', 'manage/diplomas')).status).toBe(403);
    expect(
      (await stack.call('otherLearner', 'POST', `manage/diplomas/${learnerId}/whatever-id/link`)).status,
    ).toBe(403);
    expect((await stack.call('admin', 'GET', 'manage/diplomas?status=bogus')).status).toBe(400);
  });

  it('re-requests the scan of a diploma whose message was lost, from the timer', async () => {
    // A diploma stuck in `scanning` (its message lost), as an earlier crash would leave it.
    const userId = stack.idOf('trainer');
    const id = `stuck-${crypto.randomUUID()}`;
    const blobs = BlobServiceClient.fromConnectionString(emulators.storageConnectionString);
    await blobs
      .getContainerClient('diplomas-quarantine')
      .getBlockBlobClient(`${userId}/${id}`)
      .uploadData(pdf('stuck'));
    const cosmos = emulatorCosmosClient(emulators);
    await cosmos
      .database('soins-diplomas')
      .container('diplomas')
      .items.create({
        id,
        userId,
        status: 'scanning',
        contentType: 'application/pdf',
        sizeBytes: 30,
        uploadedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
        schemaVersion: 1,
      });
    const fired = await fetch(`${stack.host.url}/admin/functions/diploma-scan-requeue`, {
      method: 'POST',
      body: '{}',
    });
    expect(fired.status).toBe(202);
    await stack.host.queues.idle();
    expect(await mine('trainer')).toMatchObject({ id, status: 'pending_review' });
  });

  it('refuses a rejection without a reason', async () => {
    const diploma = await mine('otherLearner');
    const response = await stack.call(
      'admin',
      'POST',
      `manage/diplomas/${diploma?.userId ?? ''}/${diploma?.id ?? ''}/decision`,
      {
        json: { decision: 'reject' },
      },
    );
    expect(response.status).toBe(400);
    expect(await problemCode(response)).toBe('validation_failed');
  });
});
