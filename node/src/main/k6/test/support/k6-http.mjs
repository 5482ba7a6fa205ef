// A stand-in for k6's "k6/http", enough for gridkv.js, built on Node's fetch.
//
// It copies what the module depends on in k6 (shared/NOTES-k6.md): asyncRequest resolves, never
// rejects, even when the node cannot be reached (status 0, an `error` text, `error_code`, body null);
// `body` is the response text; `params.headers` and `params.timeout` apply. Every call is recorded in
// `requests` so tests can check what the module sent (and that it sent nothing).

/** Every request made, in order: {method, url, body, params}. Tests reset it with `requests.length = 0`. */
export const requests = [];

// k6 durations: "60s", "1.5s", "500ms", "2m", "1h"; numbers are milliseconds.
function timeoutMillis(timeout) {
  if (timeout === undefined || timeout === null) return 60000;
  if (typeof timeout === "number") return timeout;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(timeout);
  if (!match) throw new Error(`invalid timeout ${JSON.stringify(timeout)}`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60000, h: 3600000 }[match[2]];
}

function response(fields) {
  return {
    status: 0,
    status_text: "",
    body: null,
    headers: {},
    error: "",
    error_code: 0,
    timings: {},
    proto: "HTTP/1.1",
    json() {
      return JSON.parse(this.body);
    },
    ...fields,
  };
}

// k6's texts and codes for what fetch reports as a failure (k6's lib/netext/httpext error codes):
// 1212 is a refused dial (nothing sent); 1220, 1201 and a bare "EOF" (1000) come from a connection that
// had the request on its way when the node closed or reset it.
function failure(err, url) {
  const cause = err && err.cause ? err.cause : err;
  if (err && (err.name === "TimeoutError" || err.name === "AbortError")) {
    return response({ url, error: "request timeout", error_code: 1050 });
  }
  switch (cause && cause.code) {
    case "ECONNREFUSED":
      return response({ url, error: "dial: connection refused", error_code: 1212 });
    case "ENOTFOUND":
      return response({ url, error: "lookup: no such host", error_code: 1101 });
    case "ECONNRESET":
      return response({ url, error: "read: connection reset by peer", error_code: 1220 });
    case "EPIPE":
      return response({ url, error: "write: broken pipe", error_code: 1201 });
    case "UND_ERR_SOCKET": // undici's "other side closed": Go's transport reports the closed stream as EOF
      return response({ url, error: "EOF", error_code: 1000 });
  }
  return response({ url, error: String(cause && cause.message ? cause.message : cause), error_code: 1000 });
}

export async function asyncRequest(method, url, body, params = {}) {
  requests.push({ method, url, body, params });
  const started = Date.now();
  try {
    const res = await fetch(url, {
      method,
      body: body === null || body === undefined ? undefined : body,
      headers: params.headers || {},
      signal: AbortSignal.timeout(timeoutMillis(params.timeout)),
    });
    const text = await res.text();
    return response({
      url,
      status: res.status,
      status_text: `${res.status} ${res.statusText}`,
      body: text,
      headers: Object.fromEntries(res.headers),
      timings: { duration: Date.now() - started },
    });
  } catch (err) {
    return failure(err, url);
  }
}

/** k6 returns an opaque callback object; tests only check that the module passes one along. */
export function expectedStatuses(...statuses) {
  return Object.freeze({ expectedStatuses: statuses });
}

export default { asyncRequest, expectedStatuses };
