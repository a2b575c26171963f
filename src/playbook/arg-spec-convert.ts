import { isBoxedFloat } from '../util/py-float.js';

const TRUE = ['yes', 'on', 'true', '1', 'y', 't'];
const FALSE = ['no', 'off', 'false', '0', 'n', 'f'];

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Ansible's type check with its conversions; returns the converted value, or an error text. */
export function convert(type: string, v: unknown): { ok: true; value: unknown } | { ok: false; msg: string } {
  const bad = (what: string) => ({ ok: false as const, msg: `expected ${what}, got ${describe(v)}` });
  switch (type) {
    case 'raw':
      return { ok: true, value: v };
    case 'str':
    case 'path':
      if (typeof v === 'string') return { ok: true, value: v };
      if (typeof v === 'number' || typeof v === 'boolean' || isBoxedFloat(v))
        return { ok: true, value: String(v) };
      return bad('a string');
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v)) return { ok: true, value: v };
      if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return { ok: true, value: parseInt(v, 10) };
      return bad('an integer');
    case 'float':
      if (typeof v === 'number' || isBoxedFloat(v)) return { ok: true, value: v };
      if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))
        return { ok: true, value: Number(v) };
      return bad('a number');
    case 'bool':
      if (typeof v === 'boolean') return { ok: true, value: v };
      if (v === 1 || v === 0) return { ok: true, value: v === 1 };
      if (typeof v === 'string' && TRUE.includes(v.toLowerCase())) return { ok: true, value: true };
      if (typeof v === 'string' && FALSE.includes(v.toLowerCase())) return { ok: true, value: false };
      return bad('a boolean');
    case 'list':
      if (Array.isArray(v)) return { ok: true, value: v };
      if (typeof v === 'string') return { ok: true, value: v.split(',') };
      if (typeof v === 'number' || isBoxedFloat(v)) return { ok: true, value: [String(v)] };
      return bad('a list');
    case 'dict':
      if (v && typeof v === 'object' && !Array.isArray(v)) return { ok: true, value: v };
      if (typeof v === 'string') {
        try {
          const j = JSON.parse(v) as unknown;
          if (j && typeof j === 'object' && !Array.isArray(j)) return { ok: true, value: j };
        } catch {
          /* Ansible also takes k=v,k2=v2 */
        }
        const pairs = v.split(/[,\s]+/).filter(Boolean);
        if (pairs.length && pairs.every((p) => /^[^=]+=/.test(p)))
          return {
            ok: true,
            value: Object.fromEntries(pairs.map((p) => [p.split('=')[0], p.slice(p.indexOf('=') + 1)])),
          };
      }
      return bad('a mapping');
    default:
      return { ok: true, value: v };
  }
}
