/** An Atom 1.0 feed of an organisation's public documentaries, built as text with every value escaped. */

export interface FeedEntry {
  id: string;
  title: string;
  summary: string;
  url: string;
  posterUrl: string | null;
  publishedAt: string;
  updatedAt: string;
  authors: string[];
}

export interface Feed {
  id: string;
  title: string;
  selfUrl: string;
  siteUrl: string;
  updatedAt: string;
  entries: FeedEntry[];
}

/** Escapes text for XML content and attribute values, and drops characters XML 1.0 forbids. */
export function xmlEscape(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex -- the XML 1.0 character range names tab, LF and CR on purpose
      .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

export function atomFeed(feed: Feed): string {
  const e = xmlEscape;
  const entries = feed.entries.map(
    (x) => `  <entry>
    <id>urn:uuid:${e(x.id)}</id>
    <title>${e(x.title)}</title>
    <link rel="alternate" type="text/html" href="${e(x.url)}"/>
${x.posterUrl ? `    <link rel="enclosure" type="image/jpeg" href="${e(x.posterUrl)}"/>\n` : ''}    <published>${e(x.publishedAt)}</published>
    <updated>${e(x.updatedAt)}</updated>
${x.authors.map((a) => `    <author><name>${e(a)}</name></author>\n`).join('')}    <summary type="text">${e(x.summary)}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${e(feed.id)}</id>
  <title>${e(feed.title)}</title>
  <link rel="self" type="application/atom+xml" href="${e(feed.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${e(feed.siteUrl)}"/>
  <updated>${e(feed.updatedAt)}</updated>
  <author><name>${e(feed.title)}</name></author>
${entries.join('\n')}
</feed>
`;
}
