package io.gridkv.internal.engine;

import com.hazelcast.internal.partition.IPartition;
import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.util.ThreadUtil;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.MapServiceContext;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.map.impl.recordstore.RecordStore;
import com.hazelcast.spi.impl.InternalCompletableFuture;
import com.hazelcast.spi.impl.NodeEngine;
import com.hazelcast.spi.impl.operationservice.Operation;
import com.hazelcast.spi.impl.operationservice.OperationService;
import com.hazelcast.spi.properties.ClusterProperty;
import io.gridkv.internal.processor.ExistsProcessor;
import io.gridkv.internal.processor.MutatingProcessor;
import io.gridkv.internal.processor.MutationOperation;
import io.gridkv.internal.processor.ProcessorResult;
import io.gridkv.internal.processor.Record;
import io.gridkv.internal.processor.StoreBlocks;
import io.gridkv.internal.processor.ValueReadOperation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Single-key calls on a store map: read a value, run a mutation or another entry processor on the key's owner.
 *
 * <p>Why not just {@code IMap.submitToKey}: Hazelcast wraps every future of its public API in one that completes
 * through a second executor, a thread hand-off per call. On a member that cost 30% of throughput at 8 threads here
 * (embedded {@code get}: 161k ops/s sync vs 113k async), more than everything gridkv adds. A member invokes its own
 * operations instead and completes the caller's future in the thread that completes the invocation: a read of the value
 * alone ({@link ValueReadOperation}), a mutation in gridkv's lighter operation ({@link MutationOperation}), other
 * processors through the map proxy's internal call, whose serialized answer is deserialized there. These are
 * Hazelcast-internal (pinned with the Hazelcast version); a client, or any other proxy, takes the public path.
 */
abstract class KeyCalls {
    /** {@link OnMember#readHere}'s answer when the key must be read by its owner's partition thread; never stored. */
    private static final Record ELSEWHERE = new Record();

    private static final ExistsProcessor EXISTS = new ExistsProcessor();

    static KeyCalls of(IMap<String, Record> map, String store) {
        return map instanceof MapProxyImpl<?, ?> proxy ? new OnMember(proxy, store) : new Public(map);
    }

    /** The stored value bytes of {@code key}, or {@code null} when it is absent. */
    abstract CompletionStage<byte[]> value(String key);

    abstract CompletionStage<Boolean> exists(String key);

    abstract <R> CompletionStage<R> submit(String key, EntryProcessor<String, Record, R> processor);

    /** Runs a mutation on the key's owner; answers what the processor answered. */
    abstract CompletionStage<ProcessorResult> mutate(String key, MutatingProcessor processor);

    private static final class Public extends KeyCalls {
        private final IMap<String, Record> map;

        Public(IMap<String, Record> map) {
            this.map = map;
        }

        @Override
        CompletionStage<byte[]> value(String key) {
            return map.getAsync(key).thenApplyAsync(r -> r == null ? null : r.value(), KvExecutors.direct());
        }

        @Override
        CompletionStage<Boolean> exists(String key) {
            return submit(key, EXISTS);
        }

        @Override
        <R> CompletionStage<R> submit(String key, EntryProcessor<String, Record, R> processor) {
            return map.submitToKey(key, processor);
        }

        @Override
        CompletionStage<ProcessorResult> mutate(String key, MutatingProcessor processor) {
            return submit(key, processor);
        }
    }

    private static final class OnMember extends KeyCalls {
        private final MapProxyImpl<?, ?> proxy;
        private final String store;
        private final SerializationService serialization;
        private final OperationService operations;
        private final IPartitionService partitions;
        private final MapServiceContext maps;
        private final StoreBlocks blocks;
        /** As the map proxy invokes its own mutations: an unknown outcome is reported, never silently redone. */
        private final boolean failOnIndeterminateState;

        OnMember(MapProxyImpl<?, ?> proxy, String store) {
            this.proxy = proxy;
            this.store = store;
            NodeEngine engine = proxy.getNodeEngine();
            this.serialization = engine.getSerializationService();
            this.operations = engine.getOperationService();
            this.partitions = engine.getPartitionService();
            this.maps = engine.<MapService>getService(MapService.SERVICE_NAME).getMapServiceContext();
            this.blocks = StoreBlocks.of(engine.getHazelcastInstance());
            this.failOnIndeterminateState =
                    engine.getProperties().getBoolean(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE);
        }

        /**
         * Read here, on the caller's thread, when this member owns the key (see {@link #readHere}); otherwise a plain
         * map read (lighter than an entry processor) of the value alone, invoked as IMap.getAsync invokes a get, minus
         * the wrapper.
         */
        @Override
        CompletionStage<byte[]> value(String key) {
            Data keyData = keyData(key);
            Record here = readHere(keyData);
            if (here != ELSEWHERE) {
                return CompletableFuture.completedFuture(here == null ? null : here.value());
            }
            ValueReadOperation read = new ValueReadOperation(proxy.getName(), keyData);
            read.setThreadId(ThreadUtil.getThreadId());
            return completedHere(invoke(read, keyData, false), Function.identity());
        }

        @Override
        CompletionStage<Boolean> exists(String key) {
            Data keyData = keyData(key);
            Record here = readHere(keyData);
            // The proxy takes the key already serialized as it is (no second serialization of the key).
            return here != ELSEWHERE
                    ? CompletableFuture.completedFuture(here != null)
                    : deserialized(proxy.executeOnKeyInternal(keyData, EXISTS));
        }

        /**
         * The key's record (or {@code null}) read straight from this member's record store, or {@link #ELSEWHERE}
         * when that is not sure to give what the owner's partition thread would: the partition is not this member's,
         * or is moving (a migration or a promotion sets its migrating flag), or a restore holds reads of the store
         * (from before its swap until after it; meanwhile the usual read waits in the restore's interceptor) — checked
         * before and after the read, so a read that overlapped any of these is made again the usual way. A read whose checks both pass either saw no change of them at all or began
         * before and ended after it (a restore's whole swap), and the value it saw was current at a moment within the
         * call.
         *
         * <p>Why: on a node every {@code get} over HTTP was handed from the event loop to a partition thread and back,
         * two thread wake-ups on the node's busiest path; the record store's map is a concurrent map and a record's
         * value field is volatile (OBJECT in-memory format), so a read needs no partition thread. Records are
         * immutable, so the value read is whole. Hazelcast reads backup replicas off the partition thread the same way
         * ({@code readBackupData}).
         */
        private Record readHere(Data keyData) {
            int partition = partitions.getPartitionId(keyData);
            if (!readableHere(partition)) {
                return ELSEWHERE;
            }
            RecordStore<?> records = maps.getPartitionContainer(partition).getExistingRecordStore(proxy.getName());
            if (records == null) {
                return ELSEWHERE; // not created here yet: the usual read creates it
            }
            Object stored = records.getStorage().get(keyData); // Hazelcast's record, holding gridkv's
            Object value = stored == null ? null : ((com.hazelcast.map.impl.record.Record<?>) stored).getValue();
            boolean whole = value == null || value instanceof Record; // not serialized: OBJECT format
            return whole && readableHere(partition) ? (Record) value : ELSEWHERE;
        }

        private boolean readableHere(int partition) {
            IPartition p = partitions.getPartition(partition);
            return p.isLocal() && !p.isMigrating() && !blocks.readsHeld(store);
        }

        @Override
        <R> CompletionStage<R> submit(String key, EntryProcessor<String, Record, R> processor) {
            return deserialized(proxy.executeOnKeyInternal(key, processor));
        }

        /**
         * The processor runs in gridkv's own operation (lighter than Hazelcast's entry operation, see
         * {@link MutationOperation}); a local answer comes back as the object itself, not serialized. The invocation's own
         * future is answered: a stage added with {@link KvExecutors#direct()} runs in the completing thread.
         */
        @Override
        CompletionStage<ProcessorResult> mutate(String key, MutatingProcessor processor) {
            Data keyData = keyData(key);
            MutationOperation mutation = new MutationOperation(proxy.getName(), keyData, key, processor);
            mutation.setThreadId(ThreadUtil.getThreadId());
            // nothing to convert: the caller's stages run in the completing thread (see Redo)
            return invoke(mutation, keyData, failOnIndeterminateState);
        }

        private Data keyData(String key) {
            return serialization.toData(key, proxy.getPartitionStrategy());
        }

        /** Invokes {@code operation} on the partition of {@code keyData}, as the map proxy invokes its key operations. */
        private <T> InternalCompletableFuture<T> invoke(
                Operation operation, Data keyData, boolean failOnIndeterminate) {
            return operations
                    .<T>createInvocationBuilder(MapService.SERVICE_NAME, operation, partitions.getPartitionId(keyData))
                    .setFailOnIndeterminateOperationState(failOnIndeterminate)
                    .invoke();
        }

        private <R> CompletableFuture<R> deserialized(InternalCompletableFuture<Data> answer) {
            return completedHere(answer, serialization::toObject);
        }

        /** The answer, converted in the thread that completes the invocation: no second hand-off. */
        private static <T, R> CompletableFuture<R> completedHere(
                InternalCompletableFuture<T> answer, Function<T, R> convert) {
            CompletableFuture<R> result = new CompletableFuture<>();
            answer.whenCompleteAsync(
                    (T value, Throwable failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(failure);
                            return;
                        }
                        try {
                            result.complete(convert.apply(value));
                        } catch (RuntimeException e) {
                            result.completeExceptionally(e);
                        }
                    },
                    KvExecutors.direct());
            return result;
        }
    }
}
