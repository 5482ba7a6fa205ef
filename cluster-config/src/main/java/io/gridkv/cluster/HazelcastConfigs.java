package io.gridkv.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import java.util.List;

/**
 * Turns {@link ClusterSettings} into Hazelcast configuration — the one place that decides how a gridkv member or
 * client is set up, so every way in (embedded member, client, standalone node) behaves the same.
 */
public final class HazelcastConfigs {
    /** Every gridkv store map is named with this prefix; the map settings below apply to all of them. */
    public static final String STORE_MAP_PREFIX = "gridkv.store.";

    /** The member's user-context entry holding its data directory ({@link ClusterSettings#dataDir()}), if any. */
    public static final String DATA_DIR_KEY = "gridkv.dataDir";

    /** The member's user-context entry holding {@link ClusterSettings#expectedMembers()}. */
    public static final String EXPECTED_MEMBERS_KEY = "gridkv.expectedMembers";

    /**
     * The executor on which a caller on another JVM waits, on the owner, for a {@code disk} store mutation's LevelDB
     * write to be synced: many wait at once for one sync to cover many writes.
     */
    public static final String DURABLE_WRITES_EXECUTOR = "gridkv.durable-writes";

    static final int DURABLE_WRITES_THREADS = 128;

    static final String OPERATION_PROFILER_PERIOD = "hazelcast.diagnostics.operation-profiler.period.seconds";
    private static final String DIAGNOSTICS = "hazelcast.diagnostics.enabled";

    private HazelcastConfigs() {}

    /** A member configuration: discovery, ports, backups and the settings gridkv relies on. */
    public static Config member(ClusterSettings settings) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        commonProperties(config::setProperty);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(settings.portAutoIncrement());
        if (settings.host() != null) {
            network.setPublicAddress(settings.host() + ":" + settings.port());
            network.getInterfaces().setEnabled(true).addInterface(settings.host());
            config.setProperty("hazelcast.local.localAddress", settings.host());
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (settings.kubernetesServiceDns() != null) {
            // DNS lookup mode of Hazelcast's built-in Kubernetes discovery: no API access (no RBAC) is needed, only a
            // headless service that publishes not-ready addresses, so starting pods find each other.
            join.getKubernetesConfig()
                    .setEnabled(true)
                    .setProperty("service-dns", settings.kubernetesServiceDns())
                    .setProperty("service-port", Integer.toString(settings.port()));
        } else {
            // TCP-IP join even for a node that names no members: Hazelcast refuses a joiner whose join method differs
            // from the cluster's ("Incompatible joiners"), so a default single node must speak TCP-IP for a second
            // node started with --members to join it. With no members it finds nobody and forms its own cluster.
            join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        }

        // OBJECT: the atomic operations are entry processors, which then read and replace the (immutable) record
        // without deserializing and re-serializing it; measured faster for incrementBy/compareAndSwap than BINARY,
        // at a small cost to plain reads, which serialize the record for the answer.
        MapConfig stores = new MapConfig(STORE_MAP_PREFIX + "*")
                .setBackupCount(settings.backupCount())
                .setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setStatisticsEnabled(true);
        if (settings.minClusterSize() > 1) {
            // Without it the lone side of a split brain keeps acknowledging writes (it owns every partition of its
            // cluster of one), and the merge then discards them: acknowledged writes lost (seen in SplitBrainIT).
            config.addSplitBrainProtectionConfig(
                    new SplitBrainProtectionConfig(SPLIT_BRAIN_PROTECTION, true, settings.minClusterSize()));
            stores.setSplitBrainProtectionName(SPLIT_BRAIN_PROTECTION);
            // So the smaller side refused every write, and what it holds is stale by construction: discard it when
            // the sides merge. The default (put-if-absent) would bring back keys the larger side deleted meanwhile.
            stores.setMergePolicyConfig(new MergePolicyConfig(DiscardMergePolicy.class.getName(), 100));
        }
        config.addMapConfig(stores);
        config.addExecutorConfig(new ExecutorConfig(DURABLE_WRITES_EXECUTOR, DURABLE_WRITES_THREADS));
        if (settings.dataDir() != null) {
            config.getUserContext().put(DATA_DIR_KEY, settings.dataDir());
        }
        config.getUserContext().put(EXPECTED_MEMBERS_KEY, settings.expectedMembers());

        if (!diagnosticsOn(settings) && System.getProperty(OPERATION_PROFILER_PERIOD) == null) {
            // Hazelcast times every operation for its diagnostics' operation profiler even while diagnostics are off,
            // the default, when nothing ever reads the figures: a clock read and a map lookup per operation, on the
            // partition thread that every mutation waits for.
            config.setProperty(OPERATION_PROFILER_PERIOD, "0");
        }
        settings.properties().forEach(config::setProperty);
        return config;
    }

    private static boolean diagnosticsOn(ClusterSettings settings) {
        return Boolean.parseBoolean(settings.properties().getOrDefault(DIAGNOSTICS, System.getProperty(DIAGNOSTICS)));
    }

    /** The split-brain protection rule of the store maps. */
    static final String SPLIT_BRAIN_PROTECTION = "gridkv-min-cluster-size";

    /** A client configuration that connects to {@link ClusterSettings#members()} (default: 127.0.0.1:5701). */
    public static ClientConfig client(ClusterSettings settings) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(settings.clusterName());
        commonProperties(config::setProperty);
        List<String> members = settings.members();
        config.getNetworkConfig()
                .setSmartRouting(true)
                .setAddresses(members.isEmpty() ? List.of("127.0.0.1:" + settings.port()) : members);
        // Fail fast instead of retrying forever when nothing answers: a load test should stop, not hang.
        config.getConnectionStrategyConfig()
                .setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ON)
                .getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(30_000);
        settings.properties().forEach(config::setProperty);
        return config;
    }

    private interface PropertySink {
        Object set(String name, String value);
    }

    private static void commonProperties(PropertySink sink) {
        sink.set("hazelcast.phone.home.enabled", "false");
        // When the owner of a key dies mid-call, Hazelcast would silently re-run the operation on the new owner (an
        // increment applied twice) or, from a client, report success for a write whose backup never happened
        // (NOTES-hazelcast.md, pitfalls 2 and 3). With these, such a call fails instead — "outcome unknown" — and
        // nothing acknowledged is lost or doubled.
        sink.set("hazelcast.operation.fail.on.indeterminate.state", "true");
        sink.set("hazelcast.client.operation.fail.on.indeterminate.state", "true");
    }
}
