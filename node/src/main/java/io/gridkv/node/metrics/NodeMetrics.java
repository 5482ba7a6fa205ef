package io.gridkv.node.metrics;

import com.hazelcast.core.HazelcastInstance;
import io.gridkv.Kv;
import io.gridkv.node.http.OperationListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The node's Prometheus figures: per store and operation a count by outcome ({@code gridkv_operations_total}) and a
 * latency histogram ({@code gridkv_operation_seconds}); keys per store ({@code gridkv_keys}); the cluster's member
 * count and safety; the LevelDB engine in use ({@code gridkv_leveldb_engine_info}); JVM memory, GC, threads and CPU.
 *
 * <p>Meters are looked up once per (store, operation) and kept: the registry's own lookup costs more than the
 * increment on the request path.
 */
public final class NodeMetrics implements OperationListener {
    private static final String OK = "ok";
    private static final Duration[] BUCKETS = Stream.of(
                    50_000L,
                    100_000L,
                    250_000L,
                    500_000L,
                    1_000_000L,
                    2_500_000L,
                    5_000_000L,
                    10_000_000L,
                    25_000_000L,
                    50_000_000L,
                    100_000_000L,
                    250_000_000L,
                    500_000_000L,
                    1_000_000_000L,
                    2_500_000_000L,
                    5_000_000_000L,
                    10_000_000_000L)
            .map(Duration::ofNanos)
            .toArray(Duration[]::new);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Map<String, OperationMeters>> byStore = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public NodeMetrics(HazelcastInstance member) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("gridkv.cluster.members", member, m -> m.getCluster()
                        .getMembers()
                        .size())
                .description("Members in this node's cluster")
                .register(registry);
        Gauge.builder(
                        "gridkv.cluster.safe",
                        member,
                        m -> m.getPartitionService().isClusterSafe() ? 1 : 0)
                .description("1 when every partition has its backups in place, else 0 (migrations under way)")
                .register(registry);
    }

    /**
     * Publishes which LevelDB engine this node uses as an info metric — always 1, the facts in its labels — e.g.
     * {@code gridkv_leveldb_engine_info{engine="leveldbjni-1.8",reason="the native library loaded"} 1}, so a dashboard
     * can tell nodes running on the 3-4x slower pure-Java engine, and why. Called once, at start-up.
     */
    public void levelDbEngine(String engine, String reason) {
        Gauge.builder("gridkv.leveldb.engine.info", () -> 1)
                .description("The LevelDB engine this node writes snapshots with (engine), and why it was chosen"
                        + " (reason); always 1")
                .tags("engine", engine, "reason", reason)
                .register(registry);
    }

    /** Adds the store's key count; called once per store this node opens. */
    public void storeOpened(Kv kv) {
        String store = kv.options().store();
        Gauge.builder("gridkv.keys", kv, NodeMetrics::keys)
                .description("Keys in the store (the whole cluster's count)")
                .tag("store", store)
                .register(registry);
    }

    @Override
    public void completed(String store, String op, String outcome, long nanos) {
        OperationMeters meters = byStore.computeIfAbsent(store, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(op, o -> new OperationMeters(store, o));
        meters.timer.record(nanos, TimeUnit.NANOSECONDS);
        (OK.equals(outcome) ? meters.ok : meters.failed(outcome)).increment();
    }

    /** The Prometheus text exposition. Reading the key gauges asks the cluster: call it off the event loop. */
    public String scrape() {
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    public void close() {
        gc.close();
        registry.close();
    }

    private static double keys(Kv kv) {
        try {
            return kv.size().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Double.NaN; // an unanswered count is unknown, not zero
        }
    }

    private final class OperationMeters {
        final String store;
        final String op;
        final Timer timer;
        final Counter ok;
        final Map<String, Counter> failures = new ConcurrentHashMap<>();

        OperationMeters(String store, String op) {
            this.store = store;
            this.op = op;
            this.timer = Timer.builder("gridkv.operation")
                    .description("Time from a request's arrival to its answer, per store operation")
                    .tags("store", store, "op", op)
                    // A fixed, short bucket list: Micrometer's default histogram has ~70 buckets per series.
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            this.ok = counter(OK);
        }

        Counter failed(String outcome) {
            return failures.computeIfAbsent(outcome, this::counter);
        }

        private Counter counter(String outcome) {
            return Counter.builder("gridkv.operations")
                    .description("Store operations answered, by outcome: ok or the error name")
                    .tags("store", store, "op", op, "outcome", outcome)
                    .register(registry);
        }
    }
}
