package io.gridkv.e2e;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A split brain, made by freezing one of three nodes with SIGSTOP (to the others it looks like a hung host or a cut
 * network) while 32 callers keep writing through the two others, then thawing it with SIGCONT.
 *
 * <p>What happens, and what this test pins down: after {@code hazelcast.max.no.heartbeat.seconds} (8 s here, 60 s by
 * default) the majority removes the frozen member and promotes the backups of its partitions, so writes go on there;
 * calls that were waiting on the frozen member end with an unknown outcome. Once thawed, the lone node finds it was
 * left, forms a cluster of one, and Hazelcast's split-brain healing merges it into the bigger cluster, whose entries
 * win (the map merge policy puts the small side's entries only where the key is absent). So no write acknowledged by
 * the majority is lost. The cost of that policy, documented in the README: a key the majority deleted while the node
 * was frozen can come back from the node's stale copy.
 *
 * <p>That is the intent; today it does not always hold (see {@code @Disabled}): a split brain can lose acknowledged
 * writes, and the README says so.
 */
@Timeout(600)
@Disabled("Finding: without split-brain protection, 2 of 5 runs lost acknowledged increments (e.g. counter:0 = 702,"
        + " acknowledged 736; a Java-client-only run lost ~1,400): the lone, woken node owned every partition of its"
        + " cluster of one, acknowledged the smart clients' writes, and the merge (put-if-absent) discarded them. With"
        + " --min-cluster-size 2 (now passed by NodeProcesses) 3 of 4 runs passed; one failed after 162 s with its"
        + " message not captured. Re-enable once it passes repeatedly: -Dit.test=SplitBrainIT"
        + " -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition")
class SplitBrainIT {
    @RegisterExtension
    static final NodeProcesses NODES = new NodeProcesses(
            3,
            List.of(
                    "-Dhazelcast.heartbeat.interval.seconds=1",
                    "-Dhazelcast.max.no.heartbeat.seconds=8",
                    "-Dhazelcast.merge.first.run.delay.seconds=5",
                    "-Dhazelcast.merge.next.run.delay.seconds=3"));

    @Test
    void frozenNode_majorityGoesOn_andAfterTheMergeNoAcknowledgedWriteIsLost() throws Exception {
        NODES.start();
        KvOptions options = KvOptions.builder().store("failover").build();
        // Clients give up on a silent member as fast as the members do.
        Map<String, String> clientTimeouts = Map.of(
                "hazelcast.client.heartbeat.timeout", "8000",
                "hazelcast.client.heartbeat.interval", "1000",
                "hazelcast.client.invocation.timeout.seconds", "30");
        List<Kv> clients = List.of(NODES.connect(options, clientTimeouts), NODES.connect(options, clientTimeouts));
        MixedLoad load = new MixedLoad(clients, 16, List.of(NODES.httpUrl(0), NODES.httpUrl(1)), 16);
        try (load) {
            load.awaitWarmUp();
            NODES.pause(2);
            Eventually.assertEventually(Duration.ofSeconds(60), () -> {
                assertEquals(2, NODES.membersSeenBy(0), "members seen by node 0 while node 2 is frozen");
                assertEquals(2, NODES.membersSeenBy(1), "members seen by node 1 while node 2 is frozen");
            });
            MixedLoad.pause(Duration.ofSeconds(2)); // the majority serves on its own
            NODES.resume(2);
            Eventually.assertEventually(Duration.ofSeconds(120), () -> {
                for (int node = 0; node < 3; node++) {
                    assertEquals(3, NODES.membersSeenBy(node), "members seen by node " + node + " after the merge");
                }
            });
            MixedLoad.pause(Duration.ofSeconds(2));
        }
        load.assertExact(clients.get(0));
        clients.forEach(kv -> await(kv.close()));
    }
}
