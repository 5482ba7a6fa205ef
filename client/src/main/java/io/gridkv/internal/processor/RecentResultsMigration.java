package io.gridkv.internal.processor;

import com.hazelcast.internal.partition.MigrationAwareService;
import com.hazelcast.internal.partition.PartitionMigrationEvent;
import com.hazelcast.internal.partition.PartitionReplicationEvent;
import com.hazelcast.internal.util.HashUtil;
import com.hazelcast.internal.util.ThreadUtil;
import com.hazelcast.spi.impl.NodeEngine;
import com.hazelcast.spi.impl.operationservice.Operation;
import com.hazelcast.spi.impl.servicemanager.ServiceDescriptor;
import com.hazelcast.spi.impl.servicemanager.ServiceDescriptorProvider;
import java.util.List;

/**
 * Hands a partition's remembered answers ({@link RecentResults}) to each member that gets a copy of the partition —
 * a new owner or a new backup — together with its entries, so a write retried after an unknown outcome is
 * recognised wherever its key lives by then, however many writes the key took meanwhile (its record remembers only
 * the last 32). Without it, a retry that arrived after a migration (a member joining, or one coming back after a
 * pause) was applied a second time.
 *
 * <p>A Hazelcast member service, registered through {@link Provider} ({@code META-INF/services}); Hazelcast asks it
 * for a partition's replication operation on that partition's thread, the thread whose memory holds its answers.
 * Answers stay behind on a member that loses the partition: they remain true and age out.
 */
final class RecentResultsMigration implements MigrationAwareService {
    static final String SERVICE_NAME = "gridkv:recentResults";

    private final NodeEngine engine;

    private RecentResultsMigration(NodeEngine engine) {
        this.engine = engine;
    }

    @Override
    public Operation prepareReplicationOperation(PartitionReplicationEvent event) {
        if (!ThreadUtil.isRunningOnPartitionThread()) {
            return null; // not the thread that holds them (Hazelcast does not do this)
        }
        int partition = event.getPartitionId();
        int partitions = engine.getPartitionService().getPartitionCount();
        List<RecentResults.Handed> answers = RecentResults.ofThisThread(engine.getHazelcastInstance())
                .handOver(hash -> HashUtil.hashToIndex(hash, partitions) == partition);
        return answers.isEmpty() ? null : new RecentResultsReplication(answers);
    }

    @Override
    public void beforeMigration(PartitionMigrationEvent event) {}

    @Override
    public void commitMigration(PartitionMigrationEvent event) {}

    @Override
    public void rollbackMigration(PartitionMigrationEvent event) {}

    /** How Hazelcast finds the service: named in {@code META-INF/services}. */
    public static final class Provider implements ServiceDescriptorProvider {
        @Override
        public ServiceDescriptor[] createServiceDescriptors() {
            return new ServiceDescriptor[] {
                new ServiceDescriptor() {
                    @Override
                    public String getServiceName() {
                        return SERVICE_NAME;
                    }

                    @Override
                    public Object getService(NodeEngine engine) {
                        return new RecentResultsMigration(engine);
                    }
                }
            };
        }
    }
}
