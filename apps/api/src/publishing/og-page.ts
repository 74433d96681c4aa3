import { xmlEscape } from './atom-feed.js';

/** What a shared link shows in a chat or a social network (crawlers do not run Angular). */
export interface OpenGraph {
  title: string;
  description: string;
  url: string;
  imageUrl: string | null;
  videoUrl: string | null;
  locale: string | null;
  siteName: string;
}

/**
 * The SPA's index.html with Open Graph and Twitter card meta tags in its head (and its title set),
 * so the page still boots the Angular app for people. Only meta tags: the CSP forbids inline scripts.
 */
export function withOpenGraph(indexHtml: string, og: OpenGraph): string {
  const e = xmlEscape;
  const meta = [
    ['og:type', 'video.other'],
    ['og:site_name', og.siteName],
    ['og:title', og.title],
    ['og:description', og.description],
    ['og:url', og.url],
    ...(og.imageUrl ? [['og:image', og.imageUrl]] : []),
    ...(og.videoUrl
      ? [
          ['og:video', og.videoUrl],
          ['og:video:type', 'video/mp4'],
        ]
      : []),
    ...(og.locale ? [['og:locale', og.locale]] : []),
  ]
    .map(([p, c]) => `<meta property="${p}" content="${e(c!)}" />`)
    .concat([
      `<meta name="twitter:card" content="${og.imageUrl ? 'summary_large_image' : 'summary'}" />`,
      `<meta name="description" content="${e(og.description)}" />`,
      `<link rel="canonical" href="${e(og.url)}" />`,
    ])
    .join('\n    ');
  const titled = indexHtml.replace(/<title>[^<]*<\/title>/, `<title>${e(og.title)} · ${e(og.siteName)}</title>`);
  return titled.replace('</head>', `    ${meta}\n  </head>`);
}

/** Used when the API runs without the built web client (WEB_DIST unset): still a page crawlers can read. */
export const BARE_INDEX = `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>Atelier</title>
    <meta name="viewport" content="width=device-width, initial-scale=1" />
  </head>
  <body></body>
</html>
`;
