package io.gridkv.testing;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import io.gridkv.cluster.ClusterSettings;
import io.gridkv.cluster.HazelcastConfigs;
import io.gridkv.internal.engine.Participants;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Real Hazelcast members for tests, configured exactly as {@code Kv.embedded} configures them (through
 * {@link HazelcastConfigs}), on free ports of 127.0.0.1, in a cluster of their own name.
 */
public final class TestMembers {
    private TestMembers() {}

    /** Settings for a fresh cluster of {@code size} members on free loopback ports; member i uses port i. */
    public static List<ClusterSettings> cluster(int size) {
        String name = "test-" + UUID.randomUUID();
        List<Integer> ports =
                IntStream.range(0, size).mapToObj(i -> FreePorts.next()).toList();
        List<String> addresses = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        List<ClusterSettings> out = new ArrayList<>();
        for (int port : ports) {
            out.add(ClusterSettings.builder()
                    .clusterName(name)
                    .host("127.0.0.1")
                    .port(port)
                    .portAutoIncrement(false)
                    .members(addresses)
                    // A test cluster forms in about a second instead of waiting 5 s for strangers to appear.
                    .property("hazelcast.wait.seconds.before.join", "0")
                    .property("hazelcast.max.wait.seconds.before.join", "0")
                    .build());
        }
        return out;
    }

    /** {@code settings}, member i with its own data directory {@code parent/member-i} (for the disk backend). */
    public static List<ClusterSettings> withDataDirs(List<ClusterSettings> settings, Path parent) {
        List<ClusterSettings> out = new ArrayList<>();
        for (ClusterSettings s : settings) {
            out.add(s.toBuilder()
                    .dataDir(parent.resolve("member-" + out.size()))
                    .build());
        }
        return out;
    }

    /** Starts every member of {@code settings} in parallel and waits until they see each other. */
    public static List<HazelcastInstance> start(List<ClusterSettings> settings) {
        List<CompletableFuture<HazelcastInstance>> starting = settings.stream()
                .map(s -> CompletableFuture.supplyAsync(() -> Participants.startMember(s)))
                .toList();
        List<HazelcastInstance> members =
                starting.stream().map(CompletableFuture::join).toList();
        awaitClusterSize(members, settings.size());
        return members;
    }

    public static void awaitClusterSize(List<HazelcastInstance> members, int size) {
        Eventually.assertEventually(Duration.ofSeconds(60), () -> {
            for (HazelcastInstance m : members) {
                int seen = m.getCluster().getMembers().size();
                if (seen != size) {
                    throw new AssertionError(m.getName() + " sees " + seen + " members, expected " + size);
                }
            }
        });
    }

    /** A client of the cluster {@code member} belongs to, connecting to the given members. */
    public static HazelcastInstance client(List<ClusterSettings> members) {
        ClusterSettings first = members.get(0);
        ClusterSettings.Builder b = ClusterSettings.builder().clusterName(first.clusterName());
        members.forEach(m -> b.members(m.host() + ":" + m.port()));
        return HazelcastClient.newHazelcastClient(HazelcastConfigs.client(b.build()));
    }

    public static void shutdownAll(List<HazelcastInstance> instances) {
        instances.forEach(i -> {
            try {
                i.getLifecycleService().terminate();
            } catch (RuntimeException ignored) {
                // already gone
            }
        });
    }
}
