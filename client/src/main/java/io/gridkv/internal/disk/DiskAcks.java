package io.gridkv.internal.disk;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.MemberLeftException;
import io.gridkv.cluster.HazelcastConfigs;
import io.gridkv.internal.processor.ProcessorResult;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Holds back a disk store mutation's answer until its record is on the owner's disk. The owner queued the record on
 * its partition thread and answered at once, naming the write ({@link ProcessorResult#diskMember}); here the caller
 * waits for it — in this JVM when the owner is its own member (no further call), else with a small task on the owner
 * ({@link DiskTask.Step#AWAIT}) on the executor sized for many waiting at once.
 *
 * <p>An owner that leaves before the write is confirmed makes the outcome unknown ({@link MemberLeftException}): the
 * operation is sent again under its id and the member that now holds the key answers it once more, after a sync of
 * its own files (see {@code MutatingProcessor}).
 */
public final class DiskAcks {
    private final HazelcastInstance instance;
    private final String store;
    private final UUID local;
    private final Executor remoteCalls;

    /** {@code remoteCalls}: where calls to other members start — never Hazelcast's thread that delivered the answer. */
    public DiskAcks(HazelcastInstance instance, String store, Executor remoteCalls) {
        this.instance = instance;
        this.store = store;
        this.remoteCalls = remoteCalls;
        this.local = instance.getLocalEndpoint().getUuid();
    }

    /** {@code answer}, once the disk write it owes (if any) is done. */
    public CompletionStage<ProcessorResult> after(ProcessorResult answer) {
        UUID owner = answer.diskMember();
        if (owner == null) {
            return CompletableFuture.completedFuture(answer);
        }
        if (owner.equals(local)) {
            return DiskStores.of(instance)
                    .store(store)
                    .written(answer.diskWrite())
                    .thenApply(v -> answer);
        }
        CompletableFuture<ProcessorResult> done = new CompletableFuture<>();
        remoteCalls.execute(() -> awaitOn(owner, answer, done));
        return done;
    }

    private void awaitOn(UUID owner, ProcessorResult answer, CompletableFuture<ProcessorResult> done) {
        Member member = null;
        for (Member m : instance.getCluster().getMembers()) {
            if (m.getUuid().equals(owner)) {
                member = m;
            }
        }
        if (member == null) {
            done.completeExceptionally(
                    new MemberLeftException("member " + owner + " left before its disk write was confirmed"));
            return;
        }
        instance.getExecutorService(HazelcastConfigs.DURABLE_WRITES_EXECUTOR)
                .submitToMember(DiskTask.await(store, answer.diskWrite()), member, new ExecutionCallback<Boolean>() {
                    @Override
                    public void onResponse(Boolean ignored) {
                        done.complete(answer);
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        done.completeExceptionally(t);
                    }
                });
    }
}
