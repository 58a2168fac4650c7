// The fuzz worker: runs one input of a category per message and says how it ended.
import { parentPort } from 'node:worker_threads';
import { HypsimError } from '../../src/util/diagnostics.js';
import { TARGETS, type Category } from './categories.js';

export type Outcome = 'ok' | 'located' | 'unexpected' | 'hang';

export interface WorkerRequest {
  readonly id: number;
  readonly category: Category;
  readonly text: string;
}

export interface WorkerReply {
  readonly id: number;
  readonly outcome: Exclude<Outcome, 'hang'>;
  readonly message?: string;
}

parentPort!.on('message', (req: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    TARGETS[req.category](req.text);
    reply = { id: req.id, outcome: 'ok' };
  } catch (e) {
    if (e instanceof HypsimError) reply = { id: req.id, outcome: 'located', message: e.message };
    else reply = { id: req.id, outcome: 'unexpected', message: e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(e) };
  }
  parentPort!.postMessage(reply);
});

// Loaded: the harness starts an input's clock only from here.
parentPort!.postMessage({ ready: true });
