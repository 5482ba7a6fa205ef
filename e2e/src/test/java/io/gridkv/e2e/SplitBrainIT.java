package io.gridkv.e2e;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A split brain, made by freezing one of three nodes with SIGSTOP (to the others it looks like a hung host or a cut
 * network) while 16 callers keep writing through the two others, then thawing it with SIGCONT. Every node runs with
 * {@code --min-cluster-size 2}, as the README asks of a 3-node cluster.
 *
 * <p>What happens, and what this test pins down: calls waiting on the frozen member wait; after
 * {@code hazelcast.max.no.heartbeat.seconds} (15 s here, 60 s by default) the majority removes it and promotes the
 * backups of its partitions, and the waiting calls are redone there with their operation ids. Once thawed, the node
 * first refuses every write for a heartbeat timeout ({@code PauseFence}: it may be a stale owner — without that, the
 * calls queued on its sockets ran against its stale copies, and two callers were once told the same counter sum); it
 * finds it was left, forms a cluster of one, which refuses store calls (below the minimum size), and Hazelcast's
 * split-brain healing merges it back, discarding its stale entries. At the end the store holds exactly what was
 * acknowledged: counters equal their acknowledged increments, each acknowledged sum was answered once, creates and
 * deletes hold. The one outcome left open is by design: a {@code deleteIfExists} redone onto a key already gone
 * answers "outcome unknown".
 *
 * <p>Not covered: freezing the master. The two others then have to agree on a new master, and under this load they
 * were seen to fail to (each suspected the other during the claim) and to form two clusters of one, which refuse
 * every store call until split-brain healing joins them (README, "Failures").
 */
@Timeout(600)
class SplitBrainIT {
    @RegisterExtension
    static final NodeProcesses NODES = new NodeProcesses(
            3,
            List.of(
                    "-Dhazelcast.heartbeat.interval.seconds=1",
                    "-Dhazelcast.max.no.heartbeat.seconds=15",
                    "-Dhazelcast.merge.first.run.delay.seconds=5",
                    "-Dhazelcast.merge.next.run.delay.seconds=3"));

    @Test
    void frozenNode_majorityGoesOn_andAfterTheMergeTheStateIsExactlyWhatWasAcknowledged() throws Exception {
        NODES.start();
        KvOptions options = KvOptions.builder().store("failover").build();
        // Clients give up on a silent member as fast as the members do.
        Map<String, String> clientTimeouts = Map.of(
                "hazelcast.client.heartbeat.timeout", "15000",
                "hazelcast.client.heartbeat.interval", "1000",
                "hazelcast.client.invocation.timeout.seconds", "30");
        List<Kv> clients = List.of(NODES.connect(options, clientTimeouts), NODES.connect(options, clientTimeouts));
        // Not the master: when the frozen member is the master, the two others can fail to agree on a new one and
        // end up as two clusters of one (see the class comment), which this test does not cover.
        int frozen = NODES.youngestSeenBy(0);
        List<Integer> others =
                IntStream.range(0, 3).filter(n -> n != frozen).boxed().toList();
        MixedLoad load =
                new MixedLoad(clients, 8, others.stream().map(NODES::httpUrl).toList(), 8);
        try (load) {
            load.awaitWarmUp();
            NODES.pause(frozen);
            Eventually.assertEventually(Duration.ofSeconds(60), () -> {
                for (int node : others) {
                    assertEquals(2, NODES.membersSeenBy(node), "members seen by node " + node + " while frozen");
                }
            });
            MixedLoad.pause(Duration.ofSeconds(2)); // the majority serves on its own
            NODES.resume(frozen);
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
