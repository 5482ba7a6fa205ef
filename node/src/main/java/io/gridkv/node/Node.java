package io.gridkv.node;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.gridkv.cluster.ClusterSettings;
import io.gridkv.internal.engine.Participants;
import io.gridkv.internal.leveldb.EngineSelection;
import io.gridkv.internal.leveldb.LevelDbEngines;
import io.gridkv.node.health.Health;
import io.gridkv.node.http.HttpApi;
import io.gridkv.node.metrics.NodeMetrics;
import io.gridkv.node.store.DiskRecovery;
import io.gridkv.node.store.Stores;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.transport.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running gridkv node: a cluster member, the node's handles on its stores, and the HTTP API in front of them.
 * {@link #start} brings them up in that order and {@link #close} takes them down in reverse, the member last and
 * gracefully (its partitions migrate to the other members before it leaves).
 */
public final class Node implements AutoCloseable {
    /** Request handling never blocks, so one event loop per core, each serving HTTP ({@link HttpApi#start}). */
    private static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

    /** Hazelcast's partition thread count: set by the settings' properties or a {@code -D}, else {@link #startMember}. */
    private static final String PARTITION_THREADS = "hazelcast.operation.thread.count";

    private final NodeSettings settings;
    private final HazelcastInstance member;
    private final ExecutorService blocking;
    private final Vertx vertx;
    private final NodeMetrics metrics;
    private final Stores stores;
    private final HttpApi http;
    private final int httpPort;
    private final LevelDbEngine levelDbEngine;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** How long a leaving node keeps serving while reporting not ready, before its port closes. */
    private static final Duration DRAIN = Duration.ofSeconds(1);

    private Node(NodeSettings settings, HazelcastInstance member, LevelDbEngine levelDbEngine) {
        this.settings = settings;
        this.member = member;
        this.levelDbEngine = levelDbEngine;
        this.blocking = Executors.newCachedThreadPool(daemonThreads("gridkv-node-blocking"));
        this.vertx = startVertx();
        this.metrics = new NodeMetrics(member);
        metrics.levelDbEngine(levelDbEngine.engine(), levelDbEngine.reason());
        this.stores = new Stores(member, blocking, metrics::storeOpened);
        DiskRecovery recovery = DiskRecovery.start(member, blocking);
        this.http = new HttpApi(
                settings,
                stores,
                metrics,
                new Health(member, settings.cluster().minClusterSize(), recovery::pending),
                this::stats,
                blocking);
        this.httpPort = http.start(vertx, EVENT_LOOPS).await();
    }

    private static Vertx startVertx() {
        VertxBuilder builder = Vertx.builder()
                .with(new VertxOptions()
                        .setEventLoopPoolSize(EVENT_LOOPS)
                        // The node serves no file through Vert.x's class-path resolution (the k6 module and the
                        // OpenAPI document are read by gridkv itself). With it on, Vert.x makes a vertx-cache-<uuid>
                        // directory in java.io.tmpdir at every start and removes it only on a clean close, so every
                        // killed node left one behind. (Its file cache only serves that resolution: off with it.)
                        .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false)));
        // Linux's epoll where the bundled native library loads (fewer system calls per request), else Java NIO.
        if (Transport.EPOLL.available()) {
            builder.withTransport(Transport.EPOLL);
        }
        return builder.build();
    }

    /**
     * Starts a node: creates the data directory, starts (or joins) the member, then serves HTTP.
     *
     * @throws IllegalStateException when a part cannot start (port taken, unreadable TLS files...); whatever had
     *     started is stopped again
     */
    public static Node start(NodeSettings settings) {
        try {
            // The snapshot directory exists from the start: names are resolved against its real path.
            Files.createDirectories(settings.snapshotDir());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + settings.snapshotDir() + ": " + e, e);
        }
        // Chosen before the first backup needs it: the JNI probe then costs start-up time, not a request's, and the
        // choice is known from the start (logged and published as a metric).
        LevelDbEngine levelDbEngine = LevelDbEngine.select();
        HazelcastInstance member = startMember(settings);
        try {
            return new Node(settings, member, levelDbEngine);
        } catch (RuntimeException e) {
            member.shutdown();
            throw new IllegalStateException(
                    "the HTTP API could not start on " + settings.httpHost() + ":" + settings.httpPort() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * The node's member: its disk stores under the node's data directory, and half as many partition threads as cores
     * (at least one) unless told otherwise, where Hazelcast would start one per core (at least two). Why: the HTTP
     * event loops already take a thread per core, and every mutation hands over from one of them to a partition
     * thread and back; on 2 cores, with 1 partition thread instead of 2 the node switched threads less and answered
     * 12–17% more single {@code set}s and {@code incrementBy}s over HTTP (2026-11-27, interleaved runs; reads
     * unchanged, batches of mutations within the runs' noise). Only measured on 2 cores: beyond, the split keeps the
     * same proportion.
     */
    private static HazelcastInstance startMember(NodeSettings settings) {
        ClusterSettings.Builder cluster = settings.cluster().toBuilder().dataDir(settings.dataDir());
        if (!settings.cluster().properties().containsKey(PARTITION_THREADS)
                && System.getProperty(PARTITION_THREADS) == null) {
            cluster.property(PARTITION_THREADS, Integer.toString(Math.max(1, EVENT_LOOPS / 2)));
        }
        return Participants.startMember(cluster.build());
    }

    public HazelcastInstance member() {
        return member;
    }

    /** The node's Vert.x: tests reach its event loops through it. */
    Vertx vertx() {
        return vertx;
    }

    public NodeSettings settings() {
        return settings;
    }

    /** The port the HTTP API listens on (the chosen one when the settings asked for 0). */
    public int httpPort() {
        return httpPort;
    }

    /** The LevelDB engine this node's snapshots are written with, and why. */
    public LevelDbEngine levelDbEngine() {
        return levelDbEngine;
    }

    /**
     * Which LevelDB engine this JVM gives new directories ({@link LevelDbEngines#selection()}), as a node reports it.
     *
     * @param engine {@code "leveldbjni-1.8"}, {@code "iq80-0.12"}, or {@value #NONE} when no engine works: an
     *     invalid {@value LevelDbEngines#ENGINE_PROPERTY}, or {@code jni} forced where it does not load. The node
     *     still starts — stores live in memory — and every backup and restore fails, saying why.
     * @param reason why: the native library loaded, why it did not, or the setting that decided
     */
    public record LevelDbEngine(String engine, String reason) {
        public static final String NONE = "none";

        static LevelDbEngine select() {
            try {
                EngineSelection selection = LevelDbEngines.system().selection();
                return new LevelDbEngine(selection.id(), selection.reason());
            } catch (IllegalArgumentException | IllegalStateException e) {
                return new LevelDbEngine(NONE, String.valueOf(e.getMessage()));
            }
        }

        @Override
        public String toString() {
            return engine + " (" + reason + ")";
        }
    }

    /** {@code "epoll"} when Linux's native transport loaded, else {@code "nio"}. */
    public String transport() {
        return vertx.isNativeTransportEnabled() ? "epoll" : "nio";
    }

    /** The base URL of the HTTP API as seen from this host. */
    public String httpUrl() {
        String host = settings.httpHost().equals("0.0.0.0") ? "127.0.0.1" : settings.httpHost();
        return (settings.tls() ? "https://" : "http://") + host + ":" + httpPort;
    }

    /** The {@code /v1/stats} answer: this node's cluster and every store in it. */
    Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("version", GridkvNode.version());
        stats.put("clusterName", settings.cluster().clusterName());
        List<Map<String, Object>> members = new ArrayList<>();
        for (Member m : member.getCluster().getMembers()) {
            members.add(Map.of(
                    "address", m.getAddress().getHost() + ":" + m.getAddress().getPort(), "local", m.localMember()));
        }
        stats.put("members", members);
        stats.put("clusterSafe", member.getPartitionService().isClusterSafe());
        List<Map<String, Object>> storeStats = new ArrayList<>();
        // Read from the catalogue, not through handles: opening a tracked store here would build its key index.
        for (String name : stores.names()) {
            Participants.fixedOptions(member, name).ifPresent(options -> {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("store", name);
                s.put("serialization", options.serialization().wireName());
                s.put("trackKeys", options.trackKeys());
                s.put("keys", Participants.keyCount(member, name));
                storeStats.add(s);
            });
        }
        stats.put("stores", storeStats);
        return stats;
    }

    /** Stops serving, closes the store handles, then leaves the cluster gracefully. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // Readiness reports DOWN for a moment before the port closes, so load balancers (a Kubernetes Service)
            // move new requests to other nodes first; then requests in flight get up to 5 s to finish.
            http.drain();
            new CountDownLatch(1).await(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            http.stop(Duration.ofSeconds(5)).await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Going down anyway: the member's graceful leave below matters more than a clean socket close.
        }
        stores.close();
        if (member.getLifecycleService().isRunning()) {
            member.shutdown();
        }
        vertx.close();
        metrics.close();
        blocking.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
