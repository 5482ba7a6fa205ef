package io.gridkv.contract;

import io.gridkv.testing.Topology;

/** The contract through a Hazelcast client connected to two members. */
class ClientContractTest extends KvContractTest {
    @Override
    Topology topology() {
        return Topology.CLIENT;
    }
}
