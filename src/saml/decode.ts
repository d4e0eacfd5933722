import { inflateRawSync } from 'node:zlib';
import { SamlError } from './errors.js';

export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * Turns the posted SAMLResponse into XML text, refusing oversized input before any decoding.
 * Base64 must be strict: an alphabet check up front, not Node's lenient decoder alone.
 */
export function decodePostedResponse(samlResponse: string, maxBytes = DEFAULT_MAX_RESPONSE_BYTES): string {
  if (typeof samlResponse !== 'string' || samlResponse.length === 0) {
    throw new SamlError('RESPONSE_MISSING', 'no SAMLResponse was posted', { check: 'decode' });
  }
  if (samlResponse.length > maxBytes) {
    throw new SamlError('RESPONSE_TOO_LARGE', 'the SAMLResponse is larger than allowed', {
      check: 'size',
      expected: `<= ${maxBytes} bytes`,
      received: `${samlResponse.length} bytes`,
    });
  }
  // Node's decoder skips what it does not understand; re-encoding proves every character was base64.
  // Most IdPs send it unwrapped, so try that first and strip line breaks only when needed.
  let compact = samlResponse;
  let bytes = Buffer.from(compact, 'base64');
  if (bytes.toString('base64') !== compact) {
    compact = samlResponse.replace(/[\r\n\t ]+/g, '');
    bytes = Buffer.from(compact, 'base64');
    if (compact.length === 0 || compact.length % 4 !== 0 || bytes.toString('base64') !== compact) {
      throw new SamlError('RESPONSE_ENCODING_INVALID', 'the SAMLResponse is not valid base64', {
        check: 'decode',
      });
    }
  }
  return utf8(bytes);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new SamlError('RESPONSE_ENCODING_INVALID', 'the SAMLResponse is not UTF-8', { check: 'decode' });
  }
}

/**
 * The validator accepts raw XML, base64, or deflated base64 (as the Redirect binding carries it).
 * Returns XML text.
 */
export function decodeAnyResponseEncoding(input: string, maxBytes = DEFAULT_MAX_RESPONSE_BYTES): string {
  const trimmed = input.trim();
  if (trimmed.startsWith('<')) {
    if (trimmed.length > maxBytes) {
      throw new SamlError('RESPONSE_TOO_LARGE', 'the response is larger than allowed', {
        check: 'size',
        expected: `<= ${maxBytes} bytes`,
        received: `${trimmed.length} bytes`,
      });
    }
    return trimmed;
  }
  const text = decodeBase64Loose(trimmed, maxBytes);
  return text;
}

function decodeBase64Loose(input: string, maxBytes: number): string {
  let compact = input.replace(/\s+/g, '');
  if (/%[0-9A-Fa-f]{2}/.test(compact)) compact = decodeURIComponent(compact);
  if (compact.length > maxBytes) {
    throw new SamlError('RESPONSE_TOO_LARGE', 'the response is larger than allowed', {
      check: 'size',
      expected: `<= ${maxBytes} bytes`,
      received: `${compact.length} bytes`,
    });
  }
  if (compact.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new SamlError('RESPONSE_ENCODING_INVALID', 'input is neither XML nor base64', { check: 'decode' });
  }
  const bytes = Buffer.from(compact, 'base64');
  if (bytes[0] === 0x3c /* < */ || (bytes[0] === 0xef && bytes[3] === 0x3c)) return utf8(bytes);
  try {
    const inflated = inflateRawSync(bytes, { maxOutputLength: maxBytes * 4 });
    return utf8(inflated);
  } catch {
    throw new SamlError('RESPONSE_ENCODING_INVALID', 'input is base64 but neither XML nor deflated XML', {
      check: 'decode',
    });
  }
}
