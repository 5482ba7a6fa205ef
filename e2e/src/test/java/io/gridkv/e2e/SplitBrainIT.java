package io.gridkv.e2e;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.testing.Eventually;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A split brain, made by freezing one of three nodes with SIGSTOP (to the others it looks like a hung host or a cut
 * network) while 16 callers keep writing through the two others, then thawing it with SIGCONT. Every node runs with
 * {@code --min-cluster-size 2}, as the README asks of a 3-node cluster. One case freezes a member that is not the
 * master, the other the master (the oldest member); each runs on a cluster of its own and takes 50–80 s.
 *
 * <p>What happens, and what this test pins down: calls waiting on the frozen member wait; after
 * {@code hazelcast.max.no.heartbeat.seconds} (15 s here, 60 s by default) the two others drop it and promote the
 * backups of its partitions, and the waiting calls are redone there with their operation ids. When the frozen member
 * is the master, the two others first agree on a new one (the next oldest claims mastership, the third accepts), at
 * the same 15 s. The test waits until both see two members and every caller has had a call acknowledged since, then
 * thaws the node. Once thawed, the node first refuses every write for a heartbeat timeout ({@code PauseFence}: it
 * may be a stale owner — without that, the calls queued on its sockets ran against its stale copies, and two callers
 * were once told the same counter sum); it finds it was left, forms a cluster of one, which refuses store calls
 * (below the minimum size), and Hazelcast's split-brain healing merges it back, discarding its stale entries. The
 * merge lifts the fence: after it, no 5 s pass without an acknowledged call. At the
 * end the store holds exactly what was acknowledged: counters equal their acknowledged increments, each acknowledged
 * sum was answered once, creates and deletes hold. The one outcome left open is by design: a {@code deleteIfExists}
 * redone onto a key already gone answers "outcome unknown".
 *
 * <p>The other way a frozen master can go: the two others suspect each other during the mastership claim and become
 * two clusters of one, which refuse every store call until split-brain healing joins them. Each run prints which way
 * it went ("agreed at once" or "SPLIT"), with the member counts seen and the calls acknowledged per second. It happened
 * in 1 of 16 master runs here (2026-11-26); in the others the two agreed at once. A split was made on purpose by freezing two of the three nodes (not a
 * case here: two failures of three), and it lost acknowledged writes: each cluster of one holds only the partitions it
 * had a copy of, and the merge policy (discard, so that a stale minority's copies never come back) drops the merging
 * side's, so counters started again from 0. A split here would fail the exactness checks, as it should (README,
 * "When nodes fail").
 *
 * <p>Both cases failed now and then until 2026-11-26 with an increment applied twice (a sum answered to nobody, no
 * unknown outcome reported): an attempt whose outcome was unknown was redone after the key's partition had moved, and
 * the member it landed on did not know the answer. Members now hand a partition's remembered answers on with it
 * ({@code RecentResultsMigration}); 9 runs of both cases since, no exactness failure. In 1 of those 9 runs the
 * master case's two others became two clusters of one (above) and the callers got no answer within the minute this
 * test allows, and until 2026-11-27 it ran only on request. The cause was a Hazelcast IO thread spinning on each
 * survivor's connection to the frozen node, a core each (README, "When nodes fail"; gridkv's corrected
 * {@code UnifiedProtocolEncoder}); since that correction both cases passed 20 runs of 20, and both run by default.
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

    /** Which member a case freezes. */
    enum Frozen {
        /** The youngest member: the master stays, and removes it. */
        NOT_THE_MASTER,
        /** The oldest member, the master: the two others must first agree on a new master. */
        THE_MASTER;

        int pick() throws IOException, InterruptedException {
            return this == THE_MASTER ? NODES.oldestSeenBy(0) : NODES.youngestSeenBy(0);
        }
    }

    @AfterEach
    void killTheCluster() throws InterruptedException {
        NODES.killAll(); // the next case's start() launches a new one
    }

    @ParameterizedTest
    @EnumSource(Frozen.class)
    void frozenNode_majorityGoesOn_andAfterTheMergeTheStateIsExactlyWhatWasAcknowledged(Frozen which) throws Exception {
        long caseStarted = System.nanoTime();
        NODES.start();
        KvOptions options = KvOptions.builder().store("failover").build();
        // Clients give up on a silent member as fast as the members do.
        Map<String, String> clientTimeouts = Map.of(
                "hazelcast.client.heartbeat.timeout", "15000",
                "hazelcast.client.heartbeat.interval", "1000",
                "hazelcast.client.invocation.timeout.seconds", "30");
        List<Kv> clients = List.of(NODES.connect(options, clientTimeouts), NODES.connect(options, clientTimeouts));
        int frozen = which.pick();
        List<Integer> others =
                IntStream.range(0, 3).filter(n -> n != frozen).boxed().toList();
        MixedLoad load =
                new MixedLoad(clients, 8, others.stream().map(NODES::httpUrl).toList(), 8);
        MemberViews views = new MemberViews();
        long servedWhileFrozen = 0;
        try {
            try (load) {
                load.awaitWarmUp();
                NODES.pause(frozen);
                views.frozen();
                // Directly, or — the master frozen — through two clusters of one that refuse store calls until
                // split-brain healing joins them.
                Eventually.assertEventually(
                        Duration.ofSeconds(90),
                        () -> views.assertEach(others, 2, "while node " + frozen + " (" + which + ") is frozen"));
                long agreed = System.nanoTime();
                long acknowledgedBefore = load.acknowledgedCalls();
                Eventually.assertEventually(
                        Duration.ofSeconds(60),
                        () -> assertEquals(
                                load.callers(),
                                load.callersServedSince(agreed),
                                "callers with a call acknowledged by the two others while node " + frozen
                                        + " is frozen"));
                MixedLoad.pause(Duration.ofSeconds(2)); // the majority serves on its own
                servedWhileFrozen = load.acknowledgedCalls() - acknowledgedBefore;
                NODES.resume(frozen);
                views.thawed();
                Eventually.assertEventually(
                        Duration.ofSeconds(120),
                        () -> views.assertEach(List.of(0, 1, 2), 3, "after node " + frozen + " was thawed"));
                long merged = System.nanoTime();
                // Once merged, the thawed node takes writes for the partitions migrating back to it at once (its
                // pause fence lifts on the merge; before, the callers stalled on them for ~11 s, until the 15 s
                // heartbeat timeout since the thaw was over).
                MixedLoad.pause(Duration.ofSeconds(12));
                List<Long> perSecond = load.acknowledgedPerSecondSince(merged);
                assertTrue(
                        longestRunOfZeros(perSecond.subList(0, perSecond.size() - 1)) < 5,
                        "calls acknowledged per second after node " + frozen + " merged back: " + perSecond);
            }
        } finally {
            System.out.printf(
                    "SplitBrainIT %s (node %d frozen): %s; members seen by nodes %s, then by all: %s;"
                            + " %d calls acknowledged while it was frozen, after the two agreed; no call acknowledged"
                            + " for %.1f s; acknowledged per second from the freeze until the load stopped: %s;"
                            + " case took %.0f s%n",
                    which,
                    frozen,
                    views.wentThroughClustersOfOne()
                            ? "the two others SPLIT into clusters of one, then healed"
                            : "the two others agreed at once",
                    others,
                    views,
                    servedWhileFrozen,
                    load.longestSilence().toMillis() / 1000.0,
                    load.acknowledgedPerSecondSince(views.frozenAt()),
                    (System.nanoTime() - caseStarted) / 1e9);
        }
        load.assertExact(clients.get(0));
        clients.forEach(kv -> await(kv.close()));
    }

    private static int longestRunOfZeros(List<Long> counts) {
        int longest = 0;
        int run = 0;
        for (long c : counts) {
            run = c == 0 ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** How many members each node saw, polled: every change, with the time since the freeze. */
    private static final class MemberViews {
        private final List<String> changes = new ArrayList<>();
        private long frozenAt = System.nanoTime();
        private String last = "";
        private boolean clustersOfOne;

        void frozen() {
            frozenAt = System.nanoTime();
        }

        long frozenAt() {
            return frozenAt;
        }

        void thawed() {
            changes.add(String.format("thawed at %.1f s", (System.nanoTime() - frozenAt) / 1e9));
        }

        /** Whether, while one of three was frozen, one of the two others saw itself alone. */
        boolean wentThroughClustersOfOne() {
            return clustersOfOne;
        }

        /** Passes once every node of {@code nodes} sees {@code expected} members. */
        void assertEach(List<Integer> nodes, int expected, String when) throws IOException, InterruptedException {
            List<Integer> seen = new ArrayList<>();
            for (int node : nodes) {
                seen.add(NODES.membersSeenBy(node));
            }
            String view = seen.stream().map(String::valueOf).collect(Collectors.joining(","));
            if (!view.equals(last)) {
                last = view;
                changes.add(String.format("[%s] at %.1f s", view, (System.nanoTime() - frozenAt) / 1e9));
            }
            if (nodes.size() == 2 && seen.contains(1)) {
                clustersOfOne = true;
            }
            for (int i = 0; i < nodes.size(); i++) {
                assertEquals(expected, seen.get(i), "members seen by node " + nodes.get(i) + " " + when);
            }
        }

        @Override
        public String toString() {
            return String.join(" -> ", changes);
        }
    }
}
