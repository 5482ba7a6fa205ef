package io.gridkv.internal.engine;

import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.client.HazelcastClientOfflineException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.Outcomes;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * The one place where Hazelcast's, Jackson's and the JDK's exceptions become named {@link KvException}s, so every way
 * into gridkv reports the same names for the same failures.
 */
public final class Errors {
    private Errors() {}

    public static KvException translate(Throwable failure) {
        Throwable t = Outcomes.unwrap(failure);
        if (t instanceof KvException k) {
            return k;
        }
        if (t instanceof HazelcastInstanceNotActiveException || t instanceof HazelcastClientNotActiveException) {
            return new KvException(
                    KvError.StoreClosedError, "the gridkv member or client behind this handle has shut down", t);
        }
        if (t instanceof OperationTimeoutException
                || t instanceof TimeoutException
                || t instanceof CancellationException) {
            return new KvException(KvError.OperationCanceledError, "operation timed out or was cancelled: " + t, t);
        }
        if (t instanceof HazelcastClientOfflineException || t instanceof TargetDisconnectedException) {
            return new KvException(KvError.UnknownError, "lost the connection to the gridkv cluster: " + t, t);
        }
        if (t instanceof IndeterminateOperationStateException) {
            return new KvException(
                    KvError.UnknownError,
                    "the cluster could not tell whether the operation was applied (a member left or did not answer"
                            + " while it ran): " + reason(t.getMessage()),
                    t);
        }
        if (t instanceof SplitBrainProtectionException) {
            return new KvException(
                    KvError.UnknownError,
                    "refused: this member sees fewer members than --min-cluster-size (split-brain protection); the"
                            + " operation was not applied, retry on the larger side of the cluster: " + t.getMessage(),
                    t);
        }
        if (t instanceof HazelcastSerializationException) {
            return new KvException(
                    KvError.UnknownError,
                    "a cluster member could not read a gridkv message (is"
                            + " gridkv-client of the same version on every member's classpath?): " + t.getMessage(),
                    t);
        }
        return new KvException(KvError.UnknownError, t.getClass().getSimpleName() + ": " + t.getMessage(), t);
    }

    /**
     * Hazelcast's indeterminate-state messages are a dump of the invocation followed by the reason ("...} failed
     * because backup acks missed."): keep the reason, the dump means nothing to a caller.
     */
    private static String reason(String message) {
        if (message == null) {
            return "no reason given";
        }
        int endOfDump = message.lastIndexOf("} ");
        return endOfDump >= 0 ? message.substring(endOfDump + 2) : message;
    }
}
