import { describe, expect, it } from '@jest/globals';
import { atomFeed, xmlEscape } from './atom-feed.js';
import { withOpenGraph } from './og-page.js';

describe('Atom feed', () => {
  it('escapes every value, so a title cannot break or inject into the XML', () => {
    const xml = atomFeed({
      id: 'https://atelier.example.org/catalogue/zin-tv',
      title: 'ZIN TV & "amis"',
      selfUrl: 'https://atelier.example.org/api/catalogue/zin-tv/feed.atom',
      siteUrl: 'https://atelier.example.org/catalogue/zin-tv',
      updatedAt: '2026-11-20T10:00:00.000Z',
      entries: [
        {
          id: '0b6f6c3e-9d1e-4a51-9a37-6a1f7c5b1e20',
          title: '<script>alert(1)</script> Nos voix',
          summary: "Un film d'Amina & Dawit\u0007",
          url: 'https://atelier.example.org/watch/x?a=1&b=2',
          posterUrl: null,
          publishedAt: '2026-11-20T10:00:00.000Z',
          updatedAt: '2026-11-20T10:00:00.000Z',
          authors: ['Amina', 'دويت'],
        },
      ],
    });
    expect(xml).toContain('<title>ZIN TV &amp; &quot;amis&quot;</title>');
    expect(xml).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; Nos voix</title>');
    expect(xml).toContain('href="https://atelier.example.org/watch/x?a=1&amp;b=2"');
    expect(xml).toContain('<summary type="text">Un film d&apos;Amina &amp; Dawit</summary>');
    expect(xml).toContain('<author><name>دويت</name></author>');
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0007');
  });

  it('escapes the five XML special characters', () => {
    expect(xmlEscape(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});

describe('Open Graph page', () => {
  it('puts escaped meta tags in the head of the built index.html, without any script', () => {
    const html = withOpenGraph('<html><head><title>Atelier</title></head><body><app-root></app-root></body></html>', {
      title: 'Nos voix "libres"',
      description: '<b>Film</b>',
      url: 'https://atelier.example.org/watch/1',
      imageUrl: 'https://atelier.example.org/api/watch/1/_/media/poster.jpg',
      videoUrl: null,
      locale: 'fr',
      siteName: 'ZIN TV',
    });
    expect(html).toContain('<meta property="og:title" content="Nos voix &quot;libres&quot;" />');
    expect(html).toContain('<meta property="og:description" content="&lt;b&gt;Film&lt;/b&gt;" />');
    expect(html).toContain(
      '<meta property="og:image" content="https://atelier.example.org/api/watch/1/_/media/poster.jpg" />',
    );
    expect(html).toContain('<title>Nos voix &quot;libres&quot; · ZIN TV</title>');
    expect(html.indexOf('og:title')).toBeLessThan(html.indexOf('</head>'));
    expect(html).not.toContain('<script');
    expect(html).toContain('<app-root></app-root>');
  });
});
