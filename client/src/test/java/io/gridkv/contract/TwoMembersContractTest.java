package io.gridkv.contract;

import io.gridkv.testing.SharedClusters;
import io.gridkv.testing.Topology;

/** The contract through one of two embedded members, so half of all keys live on the other member. */
class TwoMembersContractTest extends InProcessContractTest {
    TwoMembersContractTest(SharedClusters clusters) {
        super(clusters);
    }

    @Override
    Topology topology() {
        return Topology.TWO_MEMBERS;
    }
}
