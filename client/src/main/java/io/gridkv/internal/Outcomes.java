package io.gridkv.internal;

import com.hazelcast.client.HazelcastClientOfflineException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a failed call on the cluster says about whether it took effect: one reading for every caller that resends. */
public final class Outcomes {
    private Outcomes() {}

    /** The failure itself, out of the completion and execution wrappers that futures put around it. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Failures after which the operation may or may not have been applied (or was not sent for want of a connection,
     * or was refused by a member cut off from the majority), and a later attempt may reach a live owner.
     */
    public static boolean unknown(Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof IndeterminateOperationStateException
                || t instanceof MemberLeftException
                || t instanceof TargetDisconnectedException
                // a disk store's write was answered, and its owner left before confirming it was on disk (DiskAcks)
                || t instanceof TargetNotMemberException
                || t instanceof HazelcastClientOfflineException
                // refused, not applied: the member sees too few others, which lasts only until the cluster heals
                || t instanceof SplitBrainProtectionException;
    }
}
