package io.gridkv.internal.processor;

import com.hazelcast.internal.util.ThreadUtil;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.impl.operationservice.Operation;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A partition's remembered answers arriving with the partition ({@link RecentResultsMigration}); runs on the
 * receiving member's thread of that partition, whose memory they join.
 */
public final class RecentResultsReplication extends Operation implements IdentifiedDataSerializable {
    private List<RecentResults.Handed> answers;

    public RecentResultsReplication() {}

    RecentResultsReplication(List<RecentResults.Handed> answers) {
        this.answers = answers;
    }

    @Override
    public void run() {
        if (ThreadUtil.isRunningOnPartitionThread()) {
            RecentResults.ofThisThread(getNodeEngine().getHazelcastInstance()).takeOver(answers);
        } else {
            getLogger()
                    .warning("remembered answers of partition " + getPartitionId()
                            + " arrived off its partition thread and were dropped");
        }
    }

    @Override
    protected void writeInternal(ObjectDataOutput out) throws IOException {
        out.writeInt(answers.size());
        for (RecentResults.Handed answer : answers) {
            answer.writeTo(out);
        }
    }

    @Override
    protected void readInternal(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        answers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            answers.add(RecentResults.Handed.readFrom(in));
        }
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
