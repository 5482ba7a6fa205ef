package io.gridkv.contract;

import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.testing.SharedClusters;
import io.gridkv.testing.Topology;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract through a participant in this JVM, on the members and client the whole test run shares
 * ({@link SharedClusters}): handles are opened with {@link Kv#using} on the {@link #topology()}'s instance.
 */
@ExtendWith(SharedClusters.Resolver.class)
abstract class InProcessContractTest extends KvContractTest {
    private final SharedClusters clusters;

    /** JUnit resolves {@code clusters} before any lifecycle method runs, so {@link #open} may use it. */
    InProcessContractTest(SharedClusters clusters) {
        this.clusters = clusters;
    }

    abstract Topology topology();

    @Override
    protected Kv open(KvOptions options) {
        return clusters.open(topology(), options);
    }

    @Override
    protected Kv openAnother(KvOptions options) {
        return Kv.using(clusters.instance(topology()), options);
    }
}
