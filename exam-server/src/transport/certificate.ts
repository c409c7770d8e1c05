import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeOnce } from '../db/data-folder';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface VenueCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the certificate, as browsers and the kiosk launcher show it (AA:BB:…). */
  fingerprint: string;
  /** The SHA-256 of the public key (SPKI) in base64, what Chromium's pin flag takes. */
  spkiPin: string;
  addresses: string[];
}

export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i): i is NonNullable<typeof i> => !!i && i.family === 'IPv4' && !i.internal)
    .map((i) => i.address);
}

/**
 * The venue certificate: made on first start for this machine's names and LAN addresses, and
 * kept in the data folder, so its fingerprint (printed at start, pinned by the kiosks) stays the same.
 */
export async function loadVenueCertificate(dataDir: string): Promise<VenueCertificate> {
  const keyFile = join(dataDir, 'venue-key.pem');
  const certFile = join(dataDir, 'venue-cert.pem');
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    const addresses = ['127.0.0.1', ...lanAddresses()];
    const notAfter = new Date();
    notAfter.setFullYear(notAfter.getFullYear() + 2);
    const pems = await generate([{ name: 'commonName', value: 'exam venue server' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notAfterDate: notAfter,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, ...addresses.map((ip) => ({ type: 7 as const, ip }))] },
      ],
    });
    // The pair is made once: the key is linked into place first; a process that loses that race
    // waits for the winner's certificate instead of writing one that does not match the key.
    if (writeOnce(keyFile, pems.private)) writeOnce(certFile, pems.cert);
    else for (let waited = 0; !existsSync(certFile); waited += 50) {
      if (waited > 30_000) throw new Error(`${keyFile} is there without ${certFile}: remove the key to have the pair made again`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const cert = readFileSync(certFile, 'utf8');
  const x509 = new X509Certificate(cert);
  const spki = x509.publicKey.export({ type: 'spki', format: 'der' });
  const { createHash } = await import('node:crypto');
  return {
    key: readFileSync(keyFile, 'utf8'),
    cert,
    fingerprint: x509.fingerprint256,
    spkiPin: createHash('sha256').update(spki).digest('base64'),
    addresses: (x509.subjectAltName ?? '').split(', ').map((s) => s.replace(/^(DNS|IP Address):/, '')),
  };
}
