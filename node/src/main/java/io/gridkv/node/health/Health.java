package io.gridkv.node.health;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.core.HazelcastInstance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
    /** The safety check under way, or null; guarded by {@code this}. */
    private CompletableFuture<Boolean> safetyCheck;

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
        boolean localSafe = localMemberSafe();
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

    /**
     * Hazelcast's {@code isLocalMemberSafe}, asked by one caller at a time: callers that come while it runs share its
     * answer. One check is not cheap — on a member that is not the master it asks the master whether migrations run,
     * then checks each backup of each partition it owns (about a hundred operations on three nodes) and waits up to
     * 10 s for their answers — the whole 10 s while a member is unreachable. Polled every 100 ms, as the split-brain
     * test polls readiness, each poll started its own check on a thread of its own, so while a member was frozen the
     * others piled up hundreds of these operations on the members that had to carry on.
     */
    private boolean localMemberSafe() {
        CompletableFuture<Boolean> check;
        boolean mine = false;
        synchronized (this) {
            if (safetyCheck == null) {
                safetyCheck = new CompletableFuture<>();
                mine = true;
            }
            check = safetyCheck;
        }
        if (mine) {
            try {
                check.complete(member.getPartitionService().isLocalMemberSafe());
            } catch (RuntimeException e) {
                check.completeExceptionally(e);
            } finally {
                synchronized (this) {
                    safetyCheck = null;
                }
            }
        }
        return check.join();
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
