// Running the `hypsim` command in-process, with its output captured.
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false };
  const code = await main(args, io);
  return { code, out, err };
}
