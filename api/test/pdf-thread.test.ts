// The PDF thread's plumbing with a stand-in worker (fixtures/pdf-worker-fixture.cjs): replies matched to
// their renders, errors passed on, and a worker that dies fails what it held and is replaced.
import { afterEach, describe, expect, it } from 'vitest';
import type { CertificatePrint } from '../src/domain/certificates/ports';
import { PdfThread } from '../src/adapters/pdf/pdf-thread';

const fixture = new URL('./fixtures/pdf-worker-fixture.cjs', import.meta.url);
const print = (holderName: string, delayMs: number): CertificatePrint => ({
  language: 'fr',
  holderName,
  trainingTitle: 'Hygiène des mains',
  hours: delayMs,
  organiser: 'SOINS+',
  completedAt: '2026-12-07T10:00:00Z',
  issuedAt: '2026-12-07T10:00:05Z',
  verificationCode: 'K7Q2M4XRB5TZ3WNHJ6PCVD2GFL7YSAE4',
  verifyUrl: 'https://soins.example/verify/K7Q2M4XRB5TZ3WNHJ6PCVD2GFL7YSAE4',
});
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

let thread: PdfThread;
afterEach(async () => {
  await thread.stop();
});

describe('PDF thread', () => {
  it('renders in the worker and gives each render its own document', async () => {
    thread = new PdfThread(fixture);
    const [slow, fast] = await Promise.all([
      thread.render({ kind: 'certificate', print: print('Marie', 60) }),
      thread.render({ kind: 'certificate', print: print('Jan', 0) }),
    ]);
    expect(text(slow)).toBe('%PDF-Marie');
    expect(text(fast)).toBe('%PDF-Jan');
  });

  it('passes on the engine’s error', async () => {
    thread = new PdfThread(fixture);
    await expect(
      thread.render({ kind: 'report', table: { title: 'x', language: 'fr', header: [], rows: [] } as never }),
    ).rejects.toThrow('PDF rendering failed: no table');
  });

  it('fails what a dying worker held, then starts a new one', async () => {
    thread = new PdfThread(fixture);
    const held = thread.render({ kind: 'certificate', print: print('Held', 200) });
    const crash = thread.render({ kind: 'hours-report', model: {} as never });
    await expect(crash).rejects.toThrow('the PDF worker exited (code 3)');
    await expect(held).rejects.toThrow('the PDF worker exited (code 3)');
    expect(text(await thread.render({ kind: 'certificate', print: print('After', 0) }))).toBe('%PDF-After');
  });

  it('stops a worker stuck on a render, failing what it held, and renders again after', async () => {
    thread = new PdfThread(fixture, 200);
    const stuck = thread.render({ kind: 'report', table: { title: 'stuck' } as never });
    await expect(stuck).rejects.toThrow('the PDF worker exited');
    expect(text(await thread.render({ kind: 'certificate', print: print('Next', 0) }))).toBe('%PDF-Next');
  });
});
