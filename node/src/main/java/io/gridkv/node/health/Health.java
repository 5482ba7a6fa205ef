package io.gridkv.node.health;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.core.HazelcastInstance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Liveness and readiness. Live: the process answers. Ready: the member runs, has joined an active cluster of at least
 * {@code --min-cluster-size} members (below it, split-brain protection refuses every store call), and its own
 * partitions are safe — every entry it owns has its backups — so taking the next node down (a rolling restart, a
 * Kubernetes disruption) loses nothing — and the disk stores it found files of at start are loaded.
 */
public final class Health {
    private final HazelcastInstance member;
    private final int minClusterSize;
    private final Supplier<Set<String>> loadingStores;

    /** @param loadingStores the disk stores this node is still waiting to see loaded */
    public Health(HazelcastInstance member, int minClusterSize, Supplier<Set<String>> loadingStores) {
        this.member = member;
        this.minClusterSize = minClusterSize;
        this.loadingStores = loadingStores;
    }

    /** Whether the member runs at all: once it has left (or is leaving) the cluster, store calls cannot be served. */
    public boolean memberRunning() {
        return member.getLifecycleService().isRunning();
    }

    /** Whether the node should receive traffic, with the facts it decided on. */
    public Report readiness() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean running = member.getLifecycleService().isRunning();
        details.put("memberRunning", running);
        if (!running) {
            return new Report(false, details);
        }
        ClusterState state = member.getCluster().getClusterState();
        boolean localSafe = member.getPartitionService().isLocalMemberSafe();
        details.put("clusterState", state.name());
        int members = member.getCluster().getMembers().size();
        details.put("members", members);
        details.put("minClusterSize", minClusterSize);
        details.put("localMemberSafe", localSafe);
        Set<String> loading = loadingStores.get();
        details.put("loadingDiskStores", loading);
        return new Report(
                state == ClusterState.ACTIVE && members >= minClusterSize && localSafe && loading.isEmpty(), details);
    }

    /** A health answer: {@code up} and why. */
    public record Report(boolean up, Map<String, Object> details) {
        public Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.putAll(details);
            return body;
        }
    }
}
