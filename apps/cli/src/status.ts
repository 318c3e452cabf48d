interface StatusReport {
  status: string;
  services: { name: string; status: string; latency_ms?: number }[];
}

/** `bodega status`: the gateway's view of every service, for people. */
export async function status(baseUrl: string): Promise<{ text: string; healthy: boolean }> {
  let response: Response;
  try {
    response = await fetch(new URL('/api/v1/status', baseUrl), { signal: AbortSignal.timeout(5_000) });
  } catch {
    return { text: `gateway at ${baseUrl} does not answer (is the platform started?)`, healthy: false };
  }
  const report = (await response.json()) as StatusReport;
  const lines = report.services.map(
    (service) => `${service.name.padEnd(10)} ${service.status.padEnd(9)} ${service.latency_ms ?? '-'} ms`,
  );
  return { text: [`platform: ${report.status}`, ...lines].join('\n'), healthy: report.status === 'ok' };
}
