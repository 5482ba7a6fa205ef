package io.gridkv.internal.processor;

import com.hazelcast.internal.util.ThreadUtil;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.impl.operationservice.Operation;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;

/**
 * A partition's remembered answers arriving with the partition ({@link RecentResultsMigration}); runs on the
 * receiving member's thread of that partition, whose memory they join.
 */
public final class RecentResultsReplication extends Operation implements IdentifiedDataSerializable {
    private RecentResults.Handover answers;

    public RecentResultsReplication() {}

    RecentResultsReplication(RecentResults.Handover answers) {
        this.answers = answers;
    }

    @Override
    public void run() {
        if (ThreadUtil.isRunningOnPartitionThread()) {
            RecentResults.ofThisThread().takeOver(answers);
        } else {
            getLogger()
                    .warning("remembered answers of partition " + getPartitionId()
                            + " arrived off its partition thread and were dropped");
        }
    }

    @Override
    protected void writeInternal(ObjectDataOutput out) throws IOException {
        answers.writeTo(out);
    }

    @Override
    protected void readInternal(ObjectDataInput in) throws IOException {
        answers = RecentResults.Handover.readFrom(in);
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.RECENT_RESULTS_REPLICATION;
    }
}
