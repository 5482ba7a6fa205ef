package io.gridkv.node.http;

import io.gridkv.internal.processor.OperationId;

/**
 * The {@code Idempotency-Key} request header: a caller's own name for one request, kept the same when it sends the
 * request again (after a lost answer, a dead node). Each mutation the request makes carries an operation id derived
 * from it — item {@code i} of a batch its own — so a mutation the cluster already applied is answered with its first
 * result instead of being applied again.
 */
final class IdempotencyKey {
    static final String HEADER = "Idempotency-Key";
    /**
     * {@code Gridkv-Resend: true} says the request was sent before with the same key, its outcome unknown. Only
     * conditional deletes care: one that finds its key gone then answers {@code UnknownError} (it may have deleted it
     * itself) instead of {@code false}.
     */
    static final String RESEND_HEADER = "Gridkv-Resend";

    static final int MAX_LENGTH = 256;

    private IdempotencyKey() {}

    /**
     * The header's operation id, or {@code null} when the request has none.
     *
     * @throws io.gridkv.KvException {@code InvalidOptionsError} for an empty or too long header
     */
    static OperationId of(String header) {
        if (header == null) {
            return null;
        }
        if (header.isEmpty() || header.length() > MAX_LENGTH) {
            throw Args.invalid(HEADER + " must be 1 to " + MAX_LENGTH + " characters, got " + header.length());
        }
        return OperationId.ofText(header);
    }

    /**
     * Whether the request says it is a resend.
     *
     * @throws io.gridkv.KvException {@code InvalidOptionsError} for a value other than {@code true} or {@code false}
     */
    static boolean resent(String header) {
        if (header == null || header.equals("false")) {
            return false;
        }
        if (header.equals("true")) {
            return true;
        }
        throw Args.invalid(RESEND_HEADER + " must be true or false, got \"" + header + '"');
    }

    /** The id of item {@code index} of a batch sent with {@code header}. */
    static OperationId ofItem(String header, int index) {
        return OperationId.ofText(header + '#' + index);
    }
}
