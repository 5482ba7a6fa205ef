package io.gridkv.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a gridkv participant finds its cluster: the settings a member needs to start (or join) and a client needs to
 * connect. Immutable; build with {@link #builder()}.
 *
 * <p>The default, {@link #DEFAULT}, is a single-node store: cluster {@value #DEFAULT_CLUSTER_NAME}, port
 * {@value #DEFAULT_PORT} (the next free one if taken), no discovery at all — a member alone is a complete store and
 * never joins a stranger by multicast. Naming {@link Builder#members members} turns on TCP-IP discovery.
 */
public final class ClusterSettings {
    public static final String DEFAULT_CLUSTER_NAME = "gridkv";
    public static final int DEFAULT_PORT = 5701;
    public static final int DEFAULT_BACKUP_COUNT = 1;

    /** A single-node store on the default port. */
    public static final ClusterSettings DEFAULT = builder().build();

    private final String clusterName;
    private final int port;
    private final boolean portAutoIncrement;
    private final String host;
    private final List<String> members;
    private final String kubernetesServiceDns;
    private final int backupCount;
    private final int minClusterSize;
    private final Path dataDir;
    private final int expectedMembers;
    private final Map<String, String> properties;

    private ClusterSettings(Builder b) {
        this.clusterName = b.clusterName;
        this.port = b.port;
        this.portAutoIncrement = b.portAutoIncrement == null ? b.port == DEFAULT_PORT : b.portAutoIncrement;
        this.host = b.host;
        this.members = List.copyOf(b.members);
        this.kubernetesServiceDns = b.kubernetesServiceDns;
        if (kubernetesServiceDns != null && !members.isEmpty()) {
            throw new IllegalArgumentException(
                    "members and kubernetes-service-dns are two ways to find the cluster: give one, not both");
        }
        this.backupCount = b.backupCount;
        this.minClusterSize = b.minClusterSize;
        this.dataDir = b.dataDir;
        this.expectedMembers = b.expectedMembers;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder()
                .clusterName(clusterName)
                .port(port)
                .host(host)
                .kubernetesServiceDns(kubernetesServiceDns)
                .backupCount(backupCount)
                .minClusterSize(minClusterSize)
                .dataDir(dataDir)
                .expectedMembers(expectedMembers);
        b.portAutoIncrement = portAutoIncrement;
        b.members.addAll(members);
        b.properties.putAll(properties);
        return b;
    }

    /** Only members with the same cluster name form a cluster; clients must name it too. */
    public String clusterName() {
        return clusterName;
    }

    /** The member's cluster port. */
    public int port() {
        return port;
    }

    /** Whether a member may take the next free port when {@link #port()} is taken. */
    public boolean portAutoIncrement() {
        return portAutoIncrement;
    }

    /** The address this member binds to and announces, or {@code null} to let Hazelcast choose. */
    public String host() {
        return host;
    }

    /** {@code host:port} of other members (for a member: whom to join; for a client: whom to connect to). */
    public List<String> members() {
        return members;
    }

    /**
     * The DNS name of a Kubernetes headless service whose addresses are the members (e.g.
     * {@code gridkv-members.default.svc.cluster.local}), or {@code null}. When set, members find each other by
     * looking it up instead of by a {@link #members()} list.
     */
    public String kubernetesServiceDns() {
        return kubernetesServiceDns;
    }

    /** Synchronous backups of every entry: with 1, any single member can die without losing an acknowledged write. */
    public int backupCount() {
        return backupCount;
    }

    /**
     * Split-brain protection: store operations are refused on a member that sees fewer members than this, so the
     * smaller side of a split cannot acknowledge writes that the merge would then throw away. 1 (the default) turns it
     * off, as a single node must serve; a cluster of 3 should say 2.
     */
    public int minClusterSize() {
        return minClusterSize;
    }

    /**
     * Where this member keeps the LevelDB files of {@code disk} stores ({@code <dataDir>/disk/<store>}); {@code null}
     * when it has none, and then it refuses disk stores. Put in the member's user context under
     * {@link HazelcastConfigs#DATA_DIR_KEY}.
     */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * How many members a cluster restarted from its data directories waits for before it loads its {@code disk}
     * stores: every member's files may hold the only copy of some writes. 0 (the default) means the larger of
     * {@link #minClusterSize()} and the number of addresses in {@link #members()}.
     */
    public int expectedMembers() {
        if (expectedMembers > 0) {
            return expectedMembers;
        }
        return Math.max(minClusterSize, members.size());
    }

    /** Extra Hazelcast properties ({@code hazelcast.*}) applied last; they override gridkv's choices. */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public String toString() {
        return "ClusterSettings{clusterName=" + clusterName + ", port=" + port + ", host=" + host + ", members="
                + members + ", kubernetesServiceDns=" + kubernetesServiceDns + ", backupCount=" + backupCount + '}';
    }

    /** Builds {@link ClusterSettings}; every setter validates at once and names the setting it rejects. */
    public static final class Builder {
        private String clusterName = DEFAULT_CLUSTER_NAME;
        private int port = DEFAULT_PORT;
        private Boolean portAutoIncrement;
        private String host;
        private final List<String> members = new ArrayList<>();
        private String kubernetesServiceDns;
        private int backupCount = DEFAULT_BACKUP_COUNT;
        private int minClusterSize = 1;
        private Path dataDir;
        private int expectedMembers;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {}

        public Builder clusterName(String clusterName) {
            if (clusterName == null || clusterName.isBlank()) {
                throw new IllegalArgumentException("cluster name must not be blank");
            }
            this.clusterName = clusterName.trim();
            return this;
        }

        /** The member port, 1..65535. Unless {@link #portAutoIncrement} says otherwise, only the default may move. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("cluster port must be within 1..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        public Builder portAutoIncrement(boolean portAutoIncrement) {
            this.portAutoIncrement = portAutoIncrement;
            return this;
        }

        /** Discovery through the DNS records of a Kubernetes headless service; blank means none. */
        public Builder kubernetesServiceDns(String serviceDns) {
            this.kubernetesServiceDns = serviceDns == null || serviceDns.isBlank() ? null : serviceDns.trim();
            return this;
        }

        public Builder host(String host) {
            this.host = host == null || host.isBlank() ? null : host.trim();
            return this;
        }

        /** Adds members given as {@code "host:port,host:port"} (spaces allowed, empty items ignored). */
        public Builder members(String commaSeparated) {
            if (commaSeparated == null) {
                return this;
            }
            for (String item : commaSeparated.split(",")) {
                if (!item.isBlank()) {
                    members.add(Addresses.checkMember(item.trim()));
                }
            }
            return this;
        }

        public Builder members(List<String> addresses) {
            Objects.requireNonNull(addresses, "members");
            addresses.forEach(a -> members.add(
                    Addresses.checkMember(Objects.requireNonNull(a, "member").trim())));
            return this;
        }

        public Builder backupCount(int backupCount) {
            if (backupCount < 0 || backupCount > 6) {
                throw new IllegalArgumentException("backup count must be within 0..6, got " + backupCount);
            }
            this.backupCount = backupCount;
            return this;
        }

        /** See {@link ClusterSettings#minClusterSize()}; 1..1000. */
        public Builder minClusterSize(int minClusterSize) {
            if (minClusterSize < 1 || minClusterSize > 1000) {
                throw new IllegalArgumentException("min cluster size must be within 1..1000, got " + minClusterSize);
            }
            this.minClusterSize = minClusterSize;
            return this;
        }

        /** See {@link ClusterSettings#dataDir()}; {@code null} for none. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
            return this;
        }

        /** See {@link ClusterSettings#expectedMembers()}; 0..1000, 0 = derived. */
        public Builder expectedMembers(int expectedMembers) {
            if (expectedMembers < 0 || expectedMembers > 1000) {
                throw new IllegalArgumentException("expected members must be within 0..1000, got " + expectedMembers);
            }
            this.expectedMembers = expectedMembers;
            return this;
        }

        public Builder property(String name, String value) {
            properties.put(Objects.requireNonNull(name, "property name"), Objects.requireNonNull(value, name));
            return this;
        }

        public ClusterSettings build() {
            return new ClusterSettings(this);
        }
    }
}
