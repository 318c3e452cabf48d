import type { DestinationStream } from 'pino';

/** Lines gather up to this much text per write under load. */
const BATCH_BYTES = 4096;
/** A quiet process's lines still go out within this time. */
const BATCH_MS = 250;
/**
 * Most log text left waiting on a stdout that does not take it (a full pipe whose reader stopped
 * reading); lines beyond are dropped rather than held in memory.
 */
export const MAX_PENDING_LOG_BYTES = 8 * 1_048_576;

/** The stream lines go to: `process.stdout`, or a stand-in in tests. */
export type LineSink = Pick<NodeJS.WritableStream, 'write' | 'on'> & { readonly writableLength: number };

/**
 * A pino destination writing batches of lines to `out`: a request's log line does not cost it a write
 * syscall of its own. The writing itself is Node's stream machinery: a write a full pipe refuses waits
 * in the stream's queue (nothing retries it in a loop), and a process that exits leaves what is still
 * queued behind instead of waiting for it.
 *
 * A broken stdout loses lines, never the process: past MAX_PENDING_LOG_BYTES waiting, new lines are
 * dropped; after a write error (a closed pipe, a hung-up terminal) nothing more is written; and the
 * last batch is handed over at exit without waiting. (pino's own asynchronous destination retries a
 * refused write every 100 ms for ever and ends the process with a synchronous flush that loops on a
 * broken pipe: a process stopped with its stdout reader gone closed its servers and never exited.)
 */
export function batchedLines(out: LineSink, options: { exitFlush?: boolean } = {}): DestinationStream {
  let batch: string[] = [];
  let batchBytes = 0;
  let broken = false;
  const flush = () => {
    if (batchBytes === 0) return;
    const text = batch.join('');
    batch = [];
    batchBytes = 0;
    if (broken || out.writableLength > MAX_PENDING_LOG_BYTES) return;
    out.write(text);
  };
  out.on('error', () => {
    broken = true;
  });
  setInterval(flush, BATCH_MS).unref();
  if (options.exitFlush !== false) process.on('exit', flush);
  return {
    write(line: string) {
      if (broken) return;
      batch.push(line);
      batchBytes += line.length;
      if (batchBytes >= BATCH_BYTES) flush();
    },
  };
}

let stdout: DestinationStream | undefined;

/** The process's stdout as a destination: one for every logger, so lines stay in the order written. */
export function stdoutLines(): DestinationStream {
  stdout ??= batchedLines(process.stdout);
  return stdout;
}
