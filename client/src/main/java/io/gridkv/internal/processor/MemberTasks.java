package io.gridkv.internal.processor;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.gridkv.KvError;
import io.gridkv.KvException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a gridkv task on every member of the cluster and waits for all of them. */
public final class MemberTasks {
    private MemberTasks() {}

    /**
     * Runs {@code task} on every member through the executor service {@code executor} and returns once each has
     * finished it, with each member's answer.
     *
     * @throws KvException {@code failure} naming the member, when one fails or does not finish within the timeout; a
     *     task's own {@link KvException} keeps its name
     */
    public static <T> Map<Member, T> onEveryMember(
            HazelcastInstance instance, String executor, Callable<T> task, long timeoutSeconds, KvError failure) {
        Map<Member, Future<T>> answers = instance.getExecutorService(executor).submitToAllMembers(task);
        Map<Member, T> results = new HashMap<>();
        for (Map.Entry<Member, Future<T>> answer : answers.entrySet()) {
            try {
                results.put(answer.getKey(), answer.getValue().get(timeoutSeconds, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KvException(KvError.OperationCanceledError, "interrupted while the members worked", e);
            } catch (ExecutionException | TimeoutException e) {
                if (e.getCause() instanceof KvException k) {
                    throw k;
                }
                throw new KvException(failure, "member " + answer.getKey().getAddress() + " failed its part: " + e, e);
            }
        }
        return results;
    }
}
