package io.gridkv.testing;

/** The ways into a store that the contract suite runs through; all must behave identically. */
public enum Topology {
    /** One embedded member: a complete single-node store. */
    SINGLE_MEMBER,
    /** A handle on one of two embedded members: half the keys are owned by the other member. */
    TWO_MEMBERS,
    /** A Hazelcast client connected to the two members. */
    CLIENT
}
