package io.gridkv.contract;

import io.gridkv.testing.SharedClusters;
import io.gridkv.testing.Topology;

/** The contract through a single embedded member: a complete store in one JVM. */
class EmbeddedMemberContractTest extends InProcessContractTest {
    EmbeddedMemberContractTest(SharedClusters clusters) {
        super(clusters);
    }

    @Override
    Topology topology() {
        return Topology.SINGLE_MEMBER;
    }
}
