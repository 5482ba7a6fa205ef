package io.gridkv.node.http;

/**
 * The error names of the HTTP layer itself, beside xk6-kv's catalogue ({@link io.gridkv.KvError}): failures that
 * happen before a request reaches a store. The k6 module and the OpenAPI document list the same names.
 */
public enum HttpError {
    /** {@code --auth-token} is set and the request lacks the matching bearer token. */
    UnauthorizedError(401),
    /** No such path, or no such operation. */
    NotFoundError(404),
    /** The path exists but not for this HTTP method. */
    MethodNotAllowedError(405),
    /** The body is longer than {@code --max-body-bytes}. */
    RequestTooLargeError(413),
    /** The node is starting or shutting down. */
    ServiceUnavailableError(503);

    private final int status;

    HttpError(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** This failure with a message, ready to be thrown through the request pipeline. */
    Problem problem(String message) {
        return new Problem(name(), status, message);
    }

    /** A failure that is answered as {@code {"error": {name, message}}} with its status. */
    static final class Problem extends RuntimeException {
        private final String errorName;
        private final int status;

        Problem(String errorName, int status, String message) {
            super(message, null, false, false);
            this.errorName = errorName;
            this.status = status;
        }

        String errorName() {
            return errorName;
        }

        int status() {
            return status;
        }
    }
}
