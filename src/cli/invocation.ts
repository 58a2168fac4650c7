// The command line this process was given, for reports that say how to reproduce them (mail).
import type { MailOrigin } from '../report/mail.js';
import { VERSION } from './version.js';

let current: readonly string[] = [];

export function setInvocation(argv: readonly string[]): void {
  current = [...argv];
}

export function mailOrigin(): MailOrigin {
  return { version: VERSION, command: current };
}
