package io.gridkv.contract;

import static io.gridkv.testing.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.testing.SharedClusters;
import io.gridkv.testing.Topology;
import org.junit.jupiter.api.Test;
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

    /** An answer, not a fault: no stack trace is filled in (it cost over half the CPU of reading absent keys). */
    @Test
    void get_absentKey_failsWithoutAStackTrace() {
        assertEquals(0, failure(kv.get("missing")).getStackTrace().length);
    }
}
