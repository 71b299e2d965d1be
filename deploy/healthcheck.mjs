// Container health probe: `node deploy/healthcheck.mjs /health/ready`. Node makes the request itself
// because the slim base image has no curl or wget. Exit 0 on a 2xx answer, 1 on anything else.
const route = process.argv[2] ?? '/health/live';
const port = process.env.PORT && process.env.PORT !== '0' ? process.env.PORT : '3000';
const url = `http://127.0.0.1:${port}${route}`;

try {
  // Under the HEALTHCHECK timeout, so a hung service reports a reason instead of being killed.
  const response = await fetch(url, { signal: AbortSignal.timeout(4_000) });
  const body = await response.text();
  if (!response.ok) {
    console.error(`${url} answered ${response.status}: ${body.slice(0, 500)}`);
    process.exit(1);
  }
  process.exit(0);
} catch (error) {
  console.error(`${url} unreachable: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
