import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

let key: Buffer | undefined;

/** Constant-time equality of two strings of any length: compares fixed-size MACs, so neither length nor prefix leaks. */
export function constantTimeEqual(a: string, b: string): boolean {
  key ??= randomBytes(32);
  const mac = (value: string) => createHmac('sha256', key!).update(value).digest();
  return timingSafeEqual(mac(a), mac(b));
}
