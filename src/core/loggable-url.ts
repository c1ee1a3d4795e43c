/**
 * The URL with its secrets masked (`postgres://user:***@host/db`), safe for logs and error
 * messages. Query parameters that look like secrets are masked too; an unparsable URL loses
 * everything up to its last `@`.
 */
export function loggableUrl(url: string): string {
  if (typeof url !== 'string') return '';
  const text = url.trim();
  if (/^sqlite:/i.test(text)) return text;
  const u = URL.canParse(text) ? new URL(text) : undefined;
  // `user:pw@host` parses as scheme `user:` with an opaque path: only trust URLs with a host.
  if (u !== undefined && (u.host !== '' || !text.includes('@'))) {
    if (u.password !== '') u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (/pass|pwd|secret|token|key/i.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  }
  const at = text.lastIndexOf('@');
  const masked = at < 0 ? text : maskUpTo(text, at);
  return masked.replace(/((?:pass|pwd|secret|token|key)[^=&]*=)[^&]*/gi, '$1***');
}

function maskUpTo(text: string, at: number): string {
  const slashes = text.indexOf('//');
  const keep = slashes >= 0 && slashes < at ? text.slice(0, slashes + 2) : '';
  return `${keep}***${text.slice(at)}`;
}
