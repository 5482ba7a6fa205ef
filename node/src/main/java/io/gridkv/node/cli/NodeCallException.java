package io.gridkv.node.cli;

/**
 * A call to a node that did not succeed: the node's error {@code name} and {@code message} (SPEC.md c and
 * docs/http-api.md), with the HTTP {@code status} it came with — or {@value #NETWORK_ERROR} and status 0 when no answer
 * came at all (refused, timed out, TLS failure).
 */
public final class NodeCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The name of a call that got no answer: the node could not be reached (the k6 module uses the same name). */
    public static final String NETWORK_ERROR = "NetworkError";

    private final String name;
    private final int status;

    public NodeCallException(String name, int status, String message) {
        this(name, status, message, null);
    }

    public NodeCallException(String name, int status, String message, Throwable cause) {
        super(message, cause);
        this.name = name;
        this.status = status;
    }

    /** The error name, e.g. {@code KeyNotFoundError}, {@code UnauthorizedError} or {@value #NETWORK_ERROR}. */
    public String name() {
        return name;
    }

    /** The HTTP status of the answer; 0 when there was none. */
    public int status() {
        return status;
    }

    /** Whether the node never answered, so the call may or may not have reached it. */
    public boolean isNetworkError() {
        return NETWORK_ERROR.equals(name);
    }

    @Override
    public String toString() {
        return name + ": " + getMessage();
    }
}
