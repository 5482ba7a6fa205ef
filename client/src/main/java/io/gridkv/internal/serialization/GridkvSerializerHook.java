package io.gridkv.internal.serialization;

import com.hazelcast.internal.serialization.DataSerializerHook;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.disk.DiskTask;
import io.gridkv.internal.processor.ApplyBackupProcessor;
import io.gridkv.internal.processor.BlockTask;
import io.gridkv.internal.processor.ClearProcessor;
import io.gridkv.internal.processor.CompareAndDeleteProcessor;
import io.gridkv.internal.processor.CompareAndSwapProcessor;
import io.gridkv.internal.processor.DeleteProcessor;
import io.gridkv.internal.processor.ExistsProcessor;
import io.gridkv.internal.processor.GetOrSetProcessor;
import io.gridkv.internal.processor.IncrementByProcessor;
import io.gridkv.internal.processor.MutationOperation;
import io.gridkv.internal.processor.ProcessorFailure;
import io.gridkv.internal.processor.ProcessorResult;
import io.gridkv.internal.processor.ReadValueProcessor;
import io.gridkv.internal.processor.RecentResultsReplication;
import io.gridkv.internal.processor.Record;
import io.gridkv.internal.processor.ReloadProcessor;
import io.gridkv.internal.processor.SetProcessor;
import io.gridkv.internal.processor.SettleProcessor;
import io.gridkv.internal.processor.SwapProcessor;
import io.gridkv.internal.processor.ValueReadOperation;
import io.gridkv.internal.query.FirstEntriesAggregator;
import io.gridkv.internal.query.KeyPrefixPredicate;
import io.gridkv.internal.query.OrderedEntries;
import io.gridkv.internal.query.RandomKeyAggregator;
import java.util.function.Supplier;

/**
 * The one place that gives every gridkv class crossing the network its Hazelcast identity.
 *
 * <p>Hazelcast finds this hook through {@code META-INF/services/com.hazelcast.DataSerializerHook}, so any member or
 * client whose classpath holds gridkv-client can (de)serialize our records and processors without configuration —
 * including a {@code HazelcastInstance} the user built. The interface is Hazelcast-internal; it is pinned with the
 * Hazelcast version in the parent POM. Ids are part of the wire format: never renumber, only append.
 */
public final class GridkvSerializerHook implements DataSerializerHook {
    /** Positive, far from Hazelcast's own (negative) factory ids. */
    public static final int FACTORY_ID = 7301;

    public static final int RECORD = 1;
    public static final int PROCESSOR_RESULT = 2;
    public static final int PROCESSOR_FAILURE = 3;
    public static final int APPLY_BACKUP = 4;
    public static final int SET = 5;
    public static final int INCREMENT_BY = 6;
    public static final int GET_OR_SET = 7;
    public static final int SWAP = 8;
    public static final int COMPARE_AND_SWAP = 9;
    public static final int DELETE = 10;
    public static final int COMPARE_AND_DELETE = 11;
    public static final int READ_VALUE = 12;
    public static final int KEY_PREFIX_PREDICATE = 13;
    public static final int RANDOM_KEY_AGGREGATOR = 14;
    public static final int FIRST_ENTRIES_AGGREGATOR = 15;
    public static final int EXISTS = 16;
    public static final int ORDERED_ENTRIES = 17;
    public static final int CLEAR = 18;
    public static final int BLOCK_TASK = 19;
    public static final int SETTLE = 20;
    public static final int RELOAD = 21;
    public static final int DISK_TASK = 22;
    public static final int RECENT_RESULTS_REPLICATION = 23;
    public static final int VALUE_READ = 24;
    public static final int MUTATION = 25;

    @SuppressWarnings("unchecked")
    private static final Supplier<IdentifiedDataSerializable>[] CONSTRUCTORS = new Supplier[] {
        null,
        Record::new,
        ProcessorResult::new,
        ProcessorFailure::new,
        ApplyBackupProcessor::new,
        SetProcessor::new,
        IncrementByProcessor::new,
        GetOrSetProcessor::new,
        SwapProcessor::new,
        CompareAndSwapProcessor::new,
        DeleteProcessor::new,
        CompareAndDeleteProcessor::new,
        ReadValueProcessor::new,
        KeyPrefixPredicate::new,
        RandomKeyAggregator::new,
        FirstEntriesAggregator::new,
        ExistsProcessor::new,
        OrderedEntries::new,
        ClearProcessor::new,
        BlockTask::new,
        SettleProcessor::new,
        ReloadProcessor::new,
        DiskTask::new,
        RecentResultsReplication::new,
        ValueReadOperation::new,
        MutationOperation::new,
    };

    @Override
    public int getFactoryId() {
        return FACTORY_ID;
    }

    @Override
    public DataSerializableFactory createFactory() {
        return classId -> classId > 0 && classId < CONSTRUCTORS.length ? CONSTRUCTORS[classId].get() : null;
    }
}
