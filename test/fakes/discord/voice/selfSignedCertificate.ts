import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/*
 * A throwaway X.509 certificate for the fake voice gateway (the library always dials wss://). Built in-process with
 * a minimal DER writer so tests need no openssl binary and no fixture key in the repo.
 */

export interface SelfSignedCertificate {
  /** PKCS#8 private key, PEM. */
  keyPem: string;
  /** The certificate, PEM; trust it as its own CA. */
  certPem: string;
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

const sequence = (...items: Buffer[]): Buffer => der(0x30, ...items);

function objectId(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = parts;
  const bytes = [first * 40 + second];
  for (const part of rest) {
    const chunk = [part & 0x7f];
    for (let value = Math.floor(part / 128); value > 0; value = Math.floor(value / 128)) {
      chunk.unshift((value & 0x7f) | 0x80);
    }
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return der(0x17, Buffer.from(text, 'ascii'));
}

function commonName(name: string): Buffer {
  return sequence(der(0x31, sequence(objectId('2.5.4.3'), der(0x0c, Buffer.from(name, 'utf8')))));
}

function extension(oid: string, value: Buffer): Buffer {
  return sequence(objectId(oid), der(0x04, value));
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const SUBJECT_ALT_NAME = '2.5.29.17';
const BASIC_CONSTRAINTS = '2.5.29.19';

/** A P-256 certificate for `127.0.0.1` (IP SAN) and `localhost`, valid from an hour ago for one day. */
export function createSelfSignedCertificate(): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serial = randomBytes(8);
  // DER INTEGER: positive (top bit clear) and minimal (a zero first byte would be illegal padding).
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  const now = Date.now();
  const name = commonName('127.0.0.1');
  const subjectAltNames = sequence(
    der(0x87, Buffer.from([127, 0, 0, 1])), // [7] iPAddress
    der(0x82, Buffer.from('localhost', 'ascii')), // [2] dNSName
  );
  const tbs = sequence(
    der(0xa0, der(0x02, Buffer.from([2]))), // version v3
    der(0x02, serial),
    sequence(objectId(ECDSA_WITH_SHA256)),
    name,
    sequence(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    der(
      0xa3,
      sequence(
        extension(SUBJECT_ALT_NAME, subjectAltNames),
        extension(BASIC_CONSTRAINTS, sequence(der(0x01, Buffer.from([0xff])))),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, sequence(objectId(ECDSA_WITH_SHA256)), der(0x03, Buffer.from([0]), signature));
  const base64Lines = certificate.toString('base64').match(/.{1,64}/g) ?? [];
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certPem: `-----BEGIN CERTIFICATE-----\n${base64Lines.join('\n')}\n-----END CERTIFICATE-----\n`,
  };
}
