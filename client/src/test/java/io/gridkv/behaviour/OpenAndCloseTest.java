package io.gridkv.behaviour;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.gridkv.Kv;
import io.gridkv.KvException;
import io.gridkv.KvOptions;
import io.gridkv.Serialization;
import io.gridkv.cluster.ClusterSettings;
import io.gridkv.testing.TestMembers;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The factories: a handle that started a member or client owns it and stops it on close, and only then. */
@Timeout(120)
class OpenAndCloseTest {

    private static Set<String> runningMembers() {
        return Hazelcast.getAllHazelcastInstances().stream()
                .map(HazelcastInstance::getName)
                .collect(Collectors.toSet());
    }

    @Test
    void embeddedAndConnect_shareOneStore_andCloseStopsWhatTheyStarted() {
        ClusterSettings cluster = TestMembers.cluster(1).get(0);
        Set<String> before = runningMembers();
        Kv member = Kv.embedded(cluster, KvOptions.builder().store("factories").build());
        assertEquals(before.size() + 1, runningMembers().size());
        await(member.set("greeting", "hello"));

        Kv client = Kv.connect(
                ClusterSettings.builder()
                        .clusterName(cluster.clusterName())
                        .members(cluster.host() + ":" + cluster.port())
                        .build(),
                KvOptions.builder().store("factories").build());
        assertEquals("hello", await(client.get("greeting")));
        assertEquals(1L, await(client.incrementBy("n", 1)));
        await(client.close());

        assertEquals(1L, await(member.get("n")), "closing the client left the member and its data alone");
        await(member.close());
        assertEquals(before, runningMembers(), "closing the embedded handle stopped its member");
    }

    @Test
    void embedded_withConflictingOptions_failsAndStopsTheMemberItStarted() {
        List<ClusterSettings> cluster = TestMembers.cluster(2);
        Kv first =
                Kv.embedded(cluster.get(0), KvOptions.builder().store("locked").build());
        try {
            Set<String> before = runningMembers();
            KvException e = assertThrows(
                    KvException.class,
                    () -> Kv.embedded(
                            cluster.get(1),
                            KvOptions.builder()
                                    .store("locked")
                                    .serialization(Serialization.STRING)
                                    .build()));
            assertEquals("KVOptionsConflictError", e.name());
            assertEquals(before, runningMembers(), "the member started for the failed open was stopped");
        } finally {
            await(first.close());
        }
    }

    @Test
    void using_close_leavesTheInstanceRunning() {
        HazelcastInstance member = TestMembers.start(TestMembers.cluster(1)).get(0);
        try {
            Kv kv = Kv.using(
                    member,
                    KvOptions.builder().store("borrowed").trackKeys(true).build());
            await(kv.set("a", 1));
            await(kv.close());
            assertTrue(member.getLifecycleService().isRunning());
            Kv again = Kv.using(
                    member,
                    KvOptions.builder().store("borrowed").trackKeys(true).build());
            assertEquals(List.of("a"), await(again.listKeys()));
            await(again.close());
        } finally {
            member.getLifecycleService().terminate();
        }
        assertFalse(member.getLifecycleService().isRunning());
    }
}
