// kbuild's long steps on a terminal: which step, how long it has run, and the last thing kbuild
// built. Piped or redirected, nothing is shown.
import cliProgress from 'cli-progress';
import { SILENT_PROGRESS, type KbuildProgress } from '../kbuild/index.js';

const KBUILD_ACTION = /^\s+([A-Z][A-Z0-9_]*)\s+(\S+)/;

export function kbuildProgress(stream: NodeJS.WriteStream = process.stderr): KbuildProgress {
  if (!stream.isTTY) return SILENT_PROGRESS;
  let bar: cliProgress.SingleBar | undefined;
  let started = 0;
  let detail = '';
  let timer: NodeJS.Timeout | undefined;
  const redraw = () => bar?.update(0, { elapsed: ((Date.now() - started) / 1000).toFixed(1), detail });
  return {
    step(name) {
      bar = new cliProgress.SingleBar({ format: 'kbuild {step}  {elapsed} s  {detail}', stream, clearOnComplete: true, hideCursor: true, linewrap: false });
      started = Date.now();
      detail = '';
      bar.start(1, 0, { step: name, elapsed: '0.0', detail });
      timer = setInterval(redraw, 250);
    },
    line(text) {
      const m = KBUILD_ACTION.exec(text);
      if (m) detail = `${m[1]} ${m[2]}`;
    },
    done() {
      if (timer) clearInterval(timer);
      bar?.stop();
      bar = undefined;
    },
  };
}
