/**
 * The abuser of the `abuse` scenario, a process of its own (so its sending and receiving cost the
 * innocent clients' load generator nothing): sends one kind of abusive request to the gateway at the
 * rate its limit allows, for a bounded time, waits a bounded time for the answers, and prints what it
 * got as one JSON line. Run by the scenario with ABUSE_URL (127.0.0.1 only), ABUSE_KIND, ABUSE_SECONDS
 * and ABUSE_PER_MINUTE.
 */
import http from 'node:http';
import net from 'node:net';
import { abuseKinds, abuseNames, type AbuseKind, type AbuseName } from './abuse-requests.js';

/** What the abuser reports: requests sent, and how each ended (`429`, `400`, `no answer`...). */
export interface AbuserResult {
  kind: AbuseName;
  sent: number;
  outcomes: Record<string, number>;
  /** Bytes of the answers, all together. */
  answerBytes: number;
}

/** How long after the last request the abuser waits for answers before it gives up on them. */
const drainMs = 30_000;
const trickleBytes = 4_096;

function settings() {
  const url = new URL(process.env.ABUSE_URL ?? '');
  if (url.hostname !== '127.0.0.1')
    throw new Error(`the abuser only sends to 127.0.0.1, not ${url.hostname}`);
  const kind = process.env.ABUSE_KIND as AbuseName;
  if (!abuseNames.includes(kind)) throw new Error(`ABUSE_KIND must be one of ${abuseNames.join(', ')}`);
  const seconds = Number(process.env.ABUSE_SECONDS);
  const perMinute = Number(process.env.ABUSE_PER_MINUTE);
  if (!(seconds > 0 && seconds <= 600 && perMinute > 0 && perMinute <= 6_000))
    throw new Error('ABUSE_SECONDS (1-600) and ABUSE_PER_MINUTE (1-6000) are required');
  return { url, kind: abuseKinds[kind], seconds, perMinute };
}

/** One whole request; resolves with its outcome and the answer's size, never rejects. */
function sendWhole(url: URL, kind: AbuseKind, n: number, deadline: AbortSignal) {
  const { method, path, body, contentType } = kind.request!(n);
  return new Promise<{ outcome: string; bytes: number }>((resolve) => {
    let bytes = 0;
    const request = http.request(
      new URL(path, url),
      {
        method,
        signal: deadline,
        headers: {
          'x-forwarded-for': kind.address(n),
          ...(body === undefined
            ? {}
            : { 'content-type': contentType ?? 'application/json', 'content-length': body.length }),
        },
      },
      (response) => {
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        response.once('end', () => {
          resolve({ outcome: String(response.statusCode ?? 0), bytes });
        });
        response.once('error', () => {
          resolve({ outcome: 'reset mid-answer', bytes });
        });
      },
    );
    request.once('error', (error) => {
      resolve({
        outcome: deadline.aborted
          ? 'no answer'
          : `error ${(error as NodeJS.ErrnoException).code ?? ''}`.trim(),
        bytes,
      });
    });
    request.end(body);
  });
}

/**
 * A beacon batch whose body never finishes arriving: the headers promise 4 KB, then one byte a second. Ends
 * when the server answers or closes the socket, or at the deadline ("held open").
 */
function sendTrickled(url: URL, kind: AbuseKind, n: number, deadline: AbortSignal) {
  return new Promise<{ outcome: string; bytes: number }>((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    let received = '';
    let sentBytes = 0;
    const timer = setInterval(() => {
      if (sentBytes < trickleBytes && socket.writable) {
        socket.write('x');
        sentBytes++;
      }
    }, 1_000);
    const finish = (outcome: string) => {
      clearInterval(timer);
      socket.destroy();
      resolve({ outcome, bytes: received.length });
    };
    deadline.addEventListener('abort', () => {
      finish('held open');
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      if (status) finish(status);
    });
    socket.once('close', () => {
      finish('closed by the server');
    });
    socket.once('error', () => {
      finish('reset by the server');
    });
    socket.write(
      [
        'POST /api/v1/events HTTP/1.1',
        `Host: ${url.host}`,
        'Content-Type: application/json',
        `Content-Length: ${trickleBytes}`,
        `X-Forwarded-For: ${kind.address(n)}`,
        '',
        '',
      ].join('\r\n'),
    );
  });
}

async function main(): Promise<void> {
  const { url, kind, seconds, perMinute } = settings();
  const intervalMs = 60_000 / perMinute;
  const total = Math.max(1, Math.floor((seconds * 1000) / intervalMs));
  // Every request ends by this: the sending time plus the drain.
  const deadline = AbortSignal.timeout(seconds * 1000 + drainMs);
  const started = performance.now();
  const pending: Promise<{ outcome: string; bytes: number }>[] = [];
  // Open loop, as an attacker sends: the next request goes at its time whether or not one was answered.
  for (let n = 0; n < total; n++) {
    const due = started + n * intervalMs - performance.now();
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
    pending.push(
      kind.request === undefined ? sendTrickled(url, kind, n, deadline) : sendWhole(url, kind, n, deadline),
    );
  }
  const answers = await Promise.all(pending);
  const outcomes: Record<string, number> = {};
  for (const { outcome } of answers) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  const result: AbuserResult = {
    kind: kind.name,
    sent: total,
    outcomes,
    answerBytes: answers.reduce((sum, answer) => sum + answer.bytes, 0),
  };
  process.stdout.write(`${JSON.stringify({ abuser: result })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
