import tls from 'node:tls';

/*
 * @discordjs/voice opens `new WebSocket('wss://…')` with no TLS options, and NODE_EXTRA_CA_CERTS is only read at
 * process start. Node ≥ 22.19/24.5 has tls.setDefaultCACertificates(), which changes the CA list that every later
 * TLS client in this process uses when it passes no `ca` of its own — so a test can trust the fake's certificate
 * at run time without touching the library or the process environment.
 */

const trusted = new Set<string>();
let baseline: string[] | undefined;

function apply(): void {
  baseline ??= tls.getCACertificates('default');
  tls.setDefaultCACertificates([...baseline, ...trusted]);
}

/** Adds `certPem` to this process's default CA list; returns a function that removes it again. */
export function trustCertificate(certPem: string): () => void {
  trusted.add(certPem);
  apply();
  return () => {
    if (!trusted.delete(certPem)) return;
    apply();
  };
}
