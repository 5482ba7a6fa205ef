// Stand-in for "k6/http", enough for gridkv.js: asyncRequest resolves (never rejects) with status, body and, when the
// node cannot be reached, status 0 and an error text, as k6 does.
export async function asyncRequest(method, url, body, params = {}) {
  try {
    const res = await fetch(url, {
      method,
      body: body === null || body === undefined ? undefined : body,
      headers: params.headers || {},
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    return { url, status: res.status, body: text, error: "", error_code: 0, json: () => JSON.parse(text) };
  } catch (err) {
    const cause = err && err.cause ? err.cause : err;
    return { url, status: 0, body: null, error: String(cause && cause.message ? cause.message : cause), error_code: 1000 };
  }
}

export function expectedStatuses(...statuses) {
  return Object.freeze({ expectedStatuses: statuses });
}

export default { asyncRequest, expectedStatuses };
