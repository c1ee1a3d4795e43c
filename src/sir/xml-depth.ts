/**
 * A cheap, linear scan of XML text for element nesting, so a document nested too deep is
 * refused by our own count, not by a parser's error. It counts start and end tags, skipping
 * comments, CDATA sections, processing instructions and declarations, and quoted attribute
 * values (which may hold `>`); an empty-element tag (`<a/>`) does not nest. It stops at the
 * first tag deeper than the limit, so it never reads further than it must. Meant for text a
 * well-formedness check has passed; on anything else it still ends, with some count.
 */

/** Index just past the first `end` at or after `from`; the text's length when there is none. */
function skipPast(text: string, end: string, from: number): number {
  const at = text.indexOf(end, from);
  return at === -1 ? text.length : at + end.length;
}

/** Index of the `>` that closes the tag starting before `from`, quoted attribute values skipped. */
function tagEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '>') {
    const c = text[i];
    i = c === '"' || c === "'" ? skipPast(text, c, i + 1) : i + 1;
  }
  return i;
}

/** True when some element of `text` lies more than `limit` levels deep (the root is level 1). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i)) {
    if (text.startsWith('<!--', i)) i = skipPast(text, '-->', i + 4);
    else if (text.startsWith('<![CDATA[', i)) i = skipPast(text, ']]>', i + 9);
    else if (text[i + 1] === '?') i = skipPast(text, '?>', i + 2);
    else if (text[i + 1] === '!') i = skipPast(text, '>', i + 2);
    else if (text[i + 1] === '/') {
      depth--;
      i = skipPast(text, '>', i + 2);
    } else {
      const end = tagEnd(text, i + 1);
      if (text[end - 1] !== '/' && ++depth > limit) return true;
      i = end + 1;
    }
  }
  return false;
}
