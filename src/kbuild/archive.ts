// The member list of a kbuild `built-in.a`: a GNU thin archive (`ar cDPrST`) naming its objects.
import { readFileSync } from 'node:fs';
import { HypsimError } from '../util/diagnostics.js';

const THIN_MAGIC = '!<thin>\n';
const HEADER = 60;

/** Member paths, as stored (relative to the build directory for kbuild's archives). */
export function thinArchiveMembers(path: string): string[] {
  const buf = readFileSync(path);
  if (buf.toString('latin1', 0, THIN_MAGIC.length) !== THIN_MAGIC) throw new HypsimError(`${path}: not a thin archive`);
  const members: string[] = [];
  let longNames = '';
  let at = THIN_MAGIC.length;
  while (at + HEADER <= buf.length) {
    const name = buf.toString('latin1', at, at + 16).trimEnd();
    const size = Number(buf.toString('latin1', at + 48, at + 58).trim());
    const body = at + HEADER;
    if (name === '//') {
      longNames = buf.toString('latin1', body, body + size);
      at = body + size + (size & 1);
      continue;
    }
    // Thin archives store no member bodies, only the symbol table and the long-name table.
    if (name === '/' || name === '/SYM64/') {
      at = body + size + (size & 1);
      continue;
    }
    if (name.startsWith('/')) {
      const off = Number(name.slice(1));
      members.push(longNames.slice(off, longNames.indexOf('/\n', off)));
    } else members.push(name.replace(/\/$/, ''));
    at = body;
  }
  return members;
}
