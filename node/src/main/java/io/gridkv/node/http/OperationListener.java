package io.gridkv.node.http;

/** Told of every store operation the HTTP API ran (metrics count and time them). */
@FunctionalInterface
public interface OperationListener {
    /**
     * @param outcome {@code "ok"}, or the error name the caller got
     */
    void completed(String store, String op, String outcome, long nanos);
}
