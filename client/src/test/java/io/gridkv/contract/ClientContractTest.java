package io.gridkv.contract;

import io.gridkv.testing.SharedClusters;
import io.gridkv.testing.Topology;

/** The contract through a Hazelcast client connected to two members. */
class ClientContractTest extends InProcessContractTest {
    ClientContractTest(SharedClusters clusters) {
        super(clusters);
    }

    @Override
    Topology topology() {
        return Topology.CLIENT;
    }
}
