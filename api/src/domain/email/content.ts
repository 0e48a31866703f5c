// Language-neutral structure of an email: the copy (copy.ts) fills it, the layout (render.ts) turns
// it into an HTML part and a plain-text part that say the same thing.

export type EmailBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  /** Key facts (plan, amount, date): a small two-column table in HTML, "Label: value" lines in text. */
  | { readonly kind: 'facts'; readonly rows: readonly (readonly [label: string, value: string])[] }
  /** Text written by someone else (e.g. a rejection reason), set apart and kept verbatim. */
  | { readonly kind: 'quote'; readonly text: string }
  | { readonly kind: 'action'; readonly label: string; readonly url: string }
  /** A discreet opt-out line (reminders): the text, then a link labelled `label`. */
  | { readonly kind: 'unsubscribe'; readonly text: string; readonly label: string; readonly url: string };

export interface EmailContent {
  readonly subject: string;
  /** Inbox preview line (hidden in the HTML body). */
  readonly preheader: string;
  readonly heading: string;
  readonly blocks: readonly EmailBlock[];
}

/** Strings every email shares, per language. */
export interface EmailFrame {
  /** BCP 47 tag for `lang` and Intl. */
  readonly locale: 'fr-BE' | 'nl-BE';
  readonly greeting: (name: string) => string;
  /** "Label: value" in text parts (French puts a no-break space before the colon). */
  readonly labelled: (label: string, value: string) => string;
  readonly signOff: string;
  readonly team: string;
  readonly linkFallback: string;
  readonly footer: string;
}
