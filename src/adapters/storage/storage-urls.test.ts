import { describe, expect, it } from 'vitest';
import { keyFromUrl, s3PublicBases } from './storage-urls.js';

describe('object keys from the URLs the original stored', () => {
  const bases = s3PublicBases({
    bucket: 'couponpro-templates',
    region: 'lon1',
    endpoint: 'https://lon1.digitaloceanspaces.com',
    publicBaseUrl: 'https://cdn.promostack.example/assets',
  });
  const key = 'templates/black-friday/square.png';

  it.each([
    ['the Spaces CDN', `https://couponpro-templates.lon1.cdn.digitaloceanspaces.com/${key}`],
    ['the bucket origin', `https://couponpro-templates.lon1.digitaloceanspaces.com/${key}`],
    ['the path-style endpoint', `https://lon1.digitaloceanspaces.com/couponpro-templates/${key}`],
    ['a custom CDN with a path', `https://cdn.promostack.example/assets/${key}`],
    ['plain http and a cache-busting query', `http://couponpro-templates.lon1.cdn.digitaloceanspaces.com/${key}?v=3#x`],
    ['an upper-case host', `https://COUPONPRO-TEMPLATES.lon1.cdn.digitaloceanspaces.com/${key}`],
  ])('resolves %s', (_, url) => {
    expect(keyFromUrl(url, bases)).toBe(key);
  });

  it('decodes escaped key characters', () => {
    expect(keyFromUrl('https://couponpro-templates.lon1.cdn.digitaloceanspaces.com/templates/a/b%2Dc.png', bases)).toBe(
      'templates/a/b-c.png',
    );
  });

  it.each([
    ['another bucket', `https://other-bucket.lon1.cdn.digitaloceanspaces.com/${key}`],
    ['another region', `https://couponpro-templates.nyc3.cdn.digitaloceanspaces.com/${key}`],
    ['a look-alike host', `https://couponpro-templates.lon1.cdn.digitaloceanspaces.com.evil.example/${key}`],
    ['a sibling path of the custom CDN', `https://cdn.promostack.example/assets-old/${key}`],
    ['a name no key can have', 'https://couponpro-templates.lon1.cdn.digitaloceanspaces.com/templates/a%20b.png'],
    ['not a URL', 'http://'],
    ['the bucket root', 'https://couponpro-templates.lon1.cdn.digitaloceanspaces.com/'],
  ])('refuses %s', (_, url) => {
    expect(keyFromUrl(url, bases)).toBeNull();
  });

  it('resolves relative /files/ URLs of the local folder', () => {
    expect(keyFromUrl(`/files/${key}`, ['/files'])).toBe(key);
    expect(keyFromUrl(`/other/${key}`, ['/files'])).toBeNull();
  });
});
