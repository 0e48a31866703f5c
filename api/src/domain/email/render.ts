// Pure rendering: an EmailRequest becomes a subject, an HTML part and a plain-text part.
// HTML: a single-column layout in presentation tables (what mail clients render reliably), inline
// styles, dark text on light backgrounds, no external images or fonts, `lang` set, and every piece of
// text escaped (names and reasons are user input).
import type { EmailRequest } from '@soins/shared';
import type { EmailBlock, EmailContent, EmailFrame } from './content';
import { copyFor, type CopyTools, type LanguageCopy } from './copy';

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface RenderOptions {
  /** Public origin of the SPA, e.g. https://soins.plus (a trailing slash is ignored). */
  readonly appUrl: string;
}

export const EMAIL_TIME_ZONE = 'Europe/Brussels';

export function renderEmail(request: EmailRequest, options: RenderOptions): RenderedEmail {
  const copy = copyFor(request.recipient.language);
  const { frame } = copy;
  const content = renderContent(request, copy.templates, toolsFor(frame.locale, options.appUrl));
  const name = cleanName(request.recipient.displayName);
  return {
    subject: content.subject,
    html: toHtml(content, frame, name),
    text: toText(content, frame, name),
  };
}

function renderContent(
  request: EmailRequest,
  templates: LanguageCopy['templates'],
  tools: CopyTools,
): EmailContent {
  // One case per template keeps the request type narrowed for its renderer.
  switch (request.template) {
    case 'welcome':
      return templates.welcome(request, tools);
    case 'subscription_confirmed':
      return templates.subscription_confirmed(request, tools);
    case 'diploma_approved':
      return templates.diploma_approved(request, tools);
    case 'diploma_rejected':
      return templates.diploma_rejected(request, tools);
    case 'payment_failed':
      return templates.payment_failed(request, tools);
    case 'certificate_issued':
      return templates.certificate_issued(request, tools);
    case 'diploma_infected_alert':
      return templates.diploma_infected_alert(request, tools);
    case 'export_ready':
      return templates.export_ready(request, tools);
    case 'session_registration':
      return templates.session_registration(request, tools);
    case 'session_cancelled':
      return templates.session_cancelled(request, tools);
    case 'attestation_issued':
      return templates.attestation_issued(request, tools);
    case 'data_export_ready':
      return templates.data_export_ready(request, tools);
    case 'erasure_scheduled':
      return templates.erasure_scheduled(request, tools);
    case 'erasure_completed':
      return templates.erasure_completed(request, tools);
    case 'reminder':
      return templates.reminder(request, tools);
  }
}

function toolsFor(locale: string, appUrl: string): CopyTools {
  const base = appUrl.replace(/\/+$/, '');
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: EMAIL_TIME_ZONE });
  return {
    money: (amountCents, currency) => {
      const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
      // Minor units follow the currency (2 for EUR, 0 for JPY), like Stripe's amounts.
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      return format.format(amountCents / 10 ** digits);
    },
    date: (iso) => dates.format(new Date(iso)),
    link: (path) => `${base}${path}`,
  };
}

/** Display names are user input: no control characters or line breaks, spaces collapsed. */
function cleanName(name: string): string {
  return (
    name
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

// --- HTML -----------------------------------------------------------------------------------------

const colors = {
  page: '#f3f6f6',
  card: '#ffffff',
  text: '#1b1f24',
  muted: '#4a5560',
  brand: '#0b5a55',
  onBrand: '#ffffff',
  border: '#d3dadd',
} as const;
const font = 'Arial,Helvetica,sans-serif';

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escaped, with line breaks kept (reasons may span several lines). */
const escapeLines = (value: string): string =>
  value
    .split(/\r?\n/)
    .map((line) => escapeHtml(line))
    .join('<br>');

function blockHtml(block: EmailBlock, frame: EmailFrame): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="margin:0 0 16px;">${escapeLines(block.text)}</p>`;
    case 'list':
      return `<ul style="margin:0 0 16px;padding-left:24px;">${block.items
        .map((item) => `<li style="margin:0 0 8px;">${escapeHtml(item)}</li>`)
        .join('')}</ul>`;
    case 'facts':
      return `<table style="width:100%;margin:0 0 16px;border-collapse:collapse;">${block.rows
        .map(
          ([label, value]) =>
            `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:8px 16px 8px 0;border-bottom:1px solid ${colors.border};font-weight:bold;">${escapeHtml(label)}</th><td style="padding:8px 0;border-bottom:1px solid ${colors.border};">${escapeHtml(value)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'quote':
      return `<blockquote style="margin:0 0 16px;padding:12px 16px;border-left:4px solid ${colors.brand};background-color:${colors.page};color:${colors.text};">${escapeLines(block.text)}</blockquote>`;
    case 'unsubscribe':
      return `<p style="margin:24px 0 0;font-size:14px;color:${colors.muted};">${escapeHtml(block.text)} <a href="${escapeHtml(block.url)}" style="color:${colors.brand};">${escapeHtml(block.label)}</a></p>`;
    case 'action': {
      const href = escapeHtml(block.url);
      return `<table role="presentation" cellspacing="0" cellpadding="0" border="0" style="margin:8px 0 16px;"><tr><td style="border-radius:6px;background-color:${colors.brand};"><a href="${href}" style="display:inline-block;padding:12px 24px;border-radius:6px;font-family:${font};font-size:16px;font-weight:bold;color:${colors.onBrand};text-decoration:none;">${escapeHtml(block.label)}</a></td></tr></table>
<p style="margin:0 0 16px;font-size:14px;color:${colors.muted};">${escapeHtml(frame.labelled(frame.linkFallback, '').trimEnd())}<br><a href="${href}" style="color:${colors.brand};word-break:break-all;">${href}</a></p>`;
    }
  }
}

function toHtml(content: EmailContent, frame: EmailFrame, name: string): string {
  const blocks = content.blocks.map((block) => blockHtml(block, frame)).join('\n');
  return `<!DOCTYPE html>
<html lang="${frame.locale}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:${colors.page};color:${colors.text};">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${escapeHtml(content.preheader)}</div>
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="background-color:${colors.page};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="max-width:600px;background-color:${colors.card};border:1px solid ${colors.border};border-radius:8px;">
<tr><td style="padding:24px 32px 0;font-family:${font};font-size:20px;font-weight:bold;color:${colors.brand};">SOINS+</td></tr>
<tr><td style="padding:16px 32px 32px;font-family:${font};font-size:16px;line-height:1.6;color:${colors.text};">
<h1 style="margin:0 0 16px;font-size:24px;line-height:1.3;color:${colors.text};">${escapeHtml(content.heading)}</h1>
<p style="margin:0 0 16px;">${escapeHtml(frame.greeting(name))}</p>
${blocks}
<p style="margin:24px 0 0;">${escapeHtml(frame.signOff)}<br>${escapeHtml(frame.team)}</p>
</td></tr>
</table>
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="max-width:600px;">
<tr><td style="padding:16px 32px;font-family:${font};font-size:13px;line-height:1.5;color:${colors.muted};">${escapeHtml(frame.footer)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

// --- plain text -------------------------------------------------------------------------------------

function blockText(block: EmailBlock, frame: EmailFrame): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'facts':
      return block.rows.map(([label, value]) => frame.labelled(label, value)).join('\n');
    case 'quote':
      return block.text
        .split(/\r?\n/)
        .map((line) => `> ${line}`.trimEnd())
        .join('\n');
    case 'action':
    case 'unsubscribe':
      return block.kind === 'unsubscribe'
        ? `${block.text}\n${frame.labelled(block.label, block.url)}`
        : frame.labelled(block.label, block.url);
  }
}

function toText(content: EmailContent, frame: EmailFrame, name: string): string {
  return `${[
    content.heading,
    frame.greeting(name),
    ...content.blocks.map((block) => blockText(block, frame)),
    `${frame.signOff}\n${frame.team}`,
    `-- \n${frame.footer}`,
  ].join('\n\n')}\n`;
}
