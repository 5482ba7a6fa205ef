package io.gridkv.internal.disk;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.gridkv.Backend;
import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.testing.Eventually;
import io.gridkv.testing.TestMembers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the disk settler asks before a pass: whether the cluster ever had a disk store, known to every member. */
@Timeout(120)
class DiskLoadTest {
    @TempDir
    Path dirs;

    private final List<HazelcastInstance> running = new ArrayList<>();

    @AfterEach
    void stop() {
        TestMembers.shutdownAll(running);
    }

    @Test
    void anyStoreOpened_isFalseUntilADiskStoreOpens_thenTrueOnEveryMember() {
        List<HazelcastInstance> members = TestMembers.start(TestMembers.withDataDirs(TestMembers.cluster(2), dirs));
        running.addAll(members);

        Kv memory =
                Kv.using(members.get(0), KvOptions.builder().store("in-memory").build());
        await(memory.set("k", "v"));
        members.forEach(m -> assertFalse(DiskLoad.anyStoreOpened(m), "a memory store is no disk store"));

        Kv disk = Kv.using(
                members.get(0),
                KvOptions.builder().store("durable").backend(Backend.DISK).build());
        await(disk.set("k", "v"));
        Eventually.assertEventually(
                Duration.ofSeconds(30),
                () -> members.forEach(m -> assertTrue(
                        DiskLoad.anyStoreOpened(m),
                        "a disk store was opened, as member " + members.indexOf(m) + " sees it")));
    }
}
