import { assertValidKey } from './storage.types.js';

/** Stands in for the host of relative URLs (`/files/…`), so they compare like absolute ones. */
const RELATIVE = 'http://relative.invalid';

function parse(url: string): URL | null {
  try {
    return new URL(url, RELATIVE);
  } catch {
    return null;
  }
}

/**
 * The key of an object from one of the URLs it is served at: `bases` are URL prefixes (a CDN, the bucket's own host,
 * the path-style endpoint). http and https name the same object; query and fragment are ignored. Null when the URL
 * is not under any base or does not name a valid key.
 */
export function keyFromUrl(url: string, bases: readonly string[]): string | null {
  const target = parse(url);
  if (!target) return null;
  for (const base of bases) {
    const prefix = parse(base);
    if (!prefix || prefix.host.toLowerCase() !== target.host.toLowerCase()) continue;
    const basePath = prefix.pathname.replace(/\/+$/, '');
    if (!target.pathname.startsWith(`${basePath}/`)) continue;
    try {
      const key = target.pathname
        .slice(basePath.length + 1)
        .split('/')
        .map((part) => decodeURIComponent(part))
        .join('/');
      assertValidKey(key);
      return key;
    } catch {
      return null;
    }
  }
  return null;
}

/** Every URL prefix a DigitalOcean Spaces (or other S3) bucket's objects are reachable at, the configured one first. */
export function s3PublicBases(options: {
  bucket: string;
  region: string;
  endpoint: string;
  publicBaseUrl: string;
}): string[] {
  const { bucket, region, endpoint, publicBaseUrl } = options;
  const endpointUrl = parse(endpoint);
  const bases = [
    publicBaseUrl,
    `https://${bucket}.${region}.cdn.digitaloceanspaces.com`,
    `https://${bucket}.${region}.digitaloceanspaces.com`,
    `https://${region}.digitaloceanspaces.com/${bucket}`,
  ];
  if (endpointUrl)
    bases.push(`${endpointUrl.origin}/${bucket}`, `${endpointUrl.protocol}//${bucket}.${endpointUrl.host}`);
  return [...new Set(bases)];
}
