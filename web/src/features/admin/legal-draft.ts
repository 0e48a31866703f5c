import type { LegalContent } from '@soins/shared';
import type { MessageKey } from '../../i18n';

export interface LegalDraft {
  readonly frTitle: string;
  readonly frBody: string;
  readonly nlTitle: string;
  readonly nlBody: string;
}
export type LegalDraftField = keyof LegalDraft;

/** Same limits as the api's `legalContentSchema`: titles 3–200 characters, bodies 20–100 000 (trimmed). */
export function legalDraftProblems(draft: LegalDraft): Partial<Record<LegalDraftField, MessageKey>> {
  const problems: Partial<Record<LegalDraftField, MessageKey>> = {};
  for (const name of ['frTitle', 'nlTitle'] as const) {
    const length = draft[name].trim().length;
    if (length < 3 || length > 200) problems[name] = 'adminLegal.error.title';
  }
  for (const name of ['frBody', 'nlBody'] as const) {
    const length = draft[name].trim().length;
    if (length < 20 || length > 100_000) problems[name] = 'adminLegal.error.body';
  }
  // Keep the order of the form, so the first problem is the first field to fix.
  const ordered: Partial<Record<LegalDraftField, MessageKey>> = {};
  for (const name of ['frTitle', 'frBody', 'nlTitle', 'nlBody'] as const) {
    if (problems[name]) ordered[name] = problems[name];
  }
  return ordered;
}

/** A new version starts from the text in force (or from nothing before the first publication). */
export function draftFrom(content: LegalContent | undefined): LegalDraft {
  return content
    ? {
        frTitle: content.fr.title,
        frBody: content.fr.body,
        nlTitle: content.nl.title,
        nlBody: content.nl.body,
      }
    : { frTitle: '', frBody: '', nlTitle: '', nlBody: '' };
}

/** The draft as the api takes it (trimmed). */
export function contentOf(draft: LegalDraft): LegalContent {
  return {
    fr: { title: draft.frTitle.trim(), body: draft.frBody.trim() },
    nl: { title: draft.nlTitle.trim(), body: draft.nlBody.trim() },
  };
}
