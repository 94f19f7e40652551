/**
 * The demo backend's own HTML pages. Everything shown is escaped (the data is hostile by
 * design), nothing is inline (no scripts, no style attributes): the pages run under the
 * strict Content-Security-Policy the app sends.
 */
import type { MailDelivery, OutboxMail } from '../store/server-store.js';

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/pages.css">
</head>
<body>
${body}
</body>
</html>
`;
}

/** The start page shown when there is no storefront demo (demo/index.html). */
export function startPage(): string {
  return page(
    'License Desk demo backend',
    `<h1>License Desk demo backend</h1>
<p>The licenses API is served under <code>/api/v1</code>; send a reseller token printed at start-up as
<code>Authorization: Bearer &lt;token&gt;</code>.</p>
<p>The outbox shows the emails of the reseller whose token is sent.</p>
<ul>
<li><a href="/api/v1/openapi.json">API reference: the OpenAPI 3.1 document</a></li>
<li><a href="/outbox">Outbox: the emails the backend has sent</a> (<a href="/outbox.json">as JSON</a>)</li>
</ul>`,
  );
}

/** One reseller's outbox, newest first, with each mail's delivery; `older` links the next page. */
export function outboxPage(messages: readonly OutboxMail[], older: string | null): string {
  const rows = messages
    .map(
      (m) => `<tr>
<td>${escapeHtml(m.at)}<br><span class="muted">${escapeHtml(m.kind)}</span></td>
<td>${escapeHtml(m.to)}</td>
<td><strong>${escapeHtml(m.subject)}</strong><pre>${escapeHtml(m.text)}</pre></td>
<td>${deliveryText(m.delivery)}</td>
</tr>`,
    )
    .join('\n');
  const table =
    messages.length === 0
      ? '<p>No emails yet. Activate a license or resend a confirmation, then reload.</p>'
      : `<table class="outbox">
<thead><tr><th scope="col">Queued</th><th scope="col">To</th><th scope="col">Message</th><th scope="col">Delivery</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  const next = older === null ? '' : `\n<p><a href="${escapeHtml(older)}">Older emails</a></p>`;
  return page('Outbox · License Desk demo', `<h1>Outbox</h1>\n<p><a href="/outbox.json">As JSON</a> · <a href="/">Start page</a></p>\n${table}${next}`);
}

function deliveryText(d: MailDelivery): string {
  const tries = `${d.attempts} ${d.attempts === 1 ? 'attempt' : 'attempts'}`;
  const lines = [
    d.sentAt !== null ? `Sent ${escapeHtml(d.sentAt)}` : d.gaveUp ? 'Given up' : d.attempts === 0 ? 'Not sent yet' : 'Waiting to retry',
    tries,
    ...(d.nextAttemptAt !== null ? [`Next try ${escapeHtml(d.nextAttemptAt)}`] : []),
    ...(d.lastError !== null && d.sentAt === null ? [`Last error: ${escapeHtml(d.lastError)}`] : []),
  ];
  return lines.join('<br>');
}

