/**
 * Makes and exports keys in a loop, with garbage made between them, then prints "done". Run in a
 * process of its own with a small young generation (--max-semi-space-size=1), so that garbage
 * collections often fall inside an export. Arguments: which keys, how many.
 * - ssh2-x25519: the exchange key ssh2 is given (ssh2-crypto.ts), exported as ssh2 does (SPKI DER)
 * - lab-ed25519: a lab host's key pair (lab/ed25519-key.ts)
 * - node-jwk: Node's generateKeyPairSync('x25519') exported as JWK, the way that deadlocks
 */
import { generateKeyPairSync } from 'node:crypto';
import { ssh2Crypto } from '../../../src/connection/ssh2-crypto.js';
import { generateEd25519 } from '../../../src/lab/ed25519-key.js';

const [kind, count] = process.argv.slice(2);
const make: Record<string, () => unknown> = {
  'ssh2-x25519': () =>
    ssh2Crypto.generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'der' }),
  'lab-ed25519': () => generateEd25519('root@h1'),
  'node-jwk': () => generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' }),
};
let garbage: unknown[] = [];
for (let i = 0; i < Number(count); i++) {
  make[kind!]!();
  garbage.push(new Array(20).fill(i));
  if (garbage.length > 1000) garbage = [];
}
process.stdout.write('done\n');
