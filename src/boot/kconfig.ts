// The build's .config: which options are set and to what.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Kconfig {
  readonly values: ReadonlyMap<string, string>;
}

export function parseKconfig(text: string): Kconfig {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^(CONFIG_\w+)=(.*)$/.exec(line.trim());
    if (m) values.set(m[1], m[2].replace(/^"(.*)"$/, '$1'));
  }
  return { values };
}

export const readKconfig = (buildDir: string): Kconfig => parseKconfig(readFileSync(join(buildDir, '.config'), 'utf8'));

/** `=y` (built in); hypsim's hypervisor is built in, so `=m` does not count. */
export const configEnabled = (config: Kconfig, option: string): boolean => config.values.get(option) === 'y';

export function configNumber(config: Kconfig, option: string): number | undefined {
  const v = config.values.get(option);
  return v === undefined || !/^(0x[0-9a-f]+|\d+)$/i.test(v) ? undefined : Number(v);
}
