package io.gridkv.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.testing.TestMembers;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * gridkv's in-process paths against a raw Hazelcast IMap on the same single embedded member, in one run: the raw
 * operations are the yardstick for what gridkv's layer (canonical encoding, records, entry processors, futures) costs.
 *
 * <p>Run: {@code mvn -Pjmh -pl client -am verify -DskipTests -Djmh.args="EmbeddedBenchmark -t 1"} (and {@code -t 8}
 * for contended throughput). gridkv calls are made through the async API and joined, as a blocking caller would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class EmbeddedBenchmark {
    static final int KEYS = 1_000;
    static final String VALUE = "v".repeat(64);

    HazelcastInstance member;
    Kv kv;
    IMap<String, String> raw;
    IMap<String, Long> rawCounters;

    @Setup(Level.Trial)
    public void start() {
        member = TestMembers.start(TestMembers.cluster(1)).get(0); // configured as Kv.embedded configures it
        kv = Kv.using(member, KvOptions.builder().store("bench").build());
        raw = member.getMap("raw");
        rawCounters = member.getMap("raw-counters");
        for (int i = 0; i < KEYS; i++) {
            kv.set("key-" + i, VALUE).join();
            kv.set("cas-" + i, 0L).join();
            raw.set("key-" + i, VALUE);
            raw.set("cas-" + i, "0");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        kv.close().join();
        member.shutdown();
    }

    static String key(String prefix) {
        return prefix + ThreadLocalRandom.current().nextInt(KEYS);
    }

    @Benchmark
    public Object gridkvGet() {
        return kv.get(key("key-")).join();
    }

    @Benchmark
    public Object gridkvSet() {
        return kv.set(key("key-"), VALUE).join();
    }

    @Benchmark
    public long gridkvIncrementBy() {
        return kv.incrementBy(key("counter-"), 1).join();
    }

    /** A compare-and-swap that usually succeeds: read, then swap the value read for the next number. */
    @Benchmark
    public boolean gridkvCompareAndSwap() {
        String key = key("cas-");
        Object current = kv.get(key).join();
        return kv.compareAndSwap(key, current, ((Number) current).longValue() + 1)
                .join();
    }

    @Benchmark
    public Object rawGet() {
        return raw.get(key("key-"));
    }

    @Benchmark
    public void rawSet() {
        raw.set(key("key-"), VALUE);
    }

    @Benchmark
    public Long rawIncrement() {
        return rawCounters.executeOnKey(key("counter-"), new RawIncrement());
    }

    @Benchmark
    public Long rawIncrementAsync() {
        return rawCounters
                .submitToKey(key("counter-"), new RawIncrement())
                .toCompletableFuture()
                .join();
    }

    @Benchmark
    public Object rawGetAsync() {
        return raw.getAsync(key("key-")).toCompletableFuture().join();
    }

    /** The raw yardstick for compare-and-swap: IMap.replace(key, old, new) after a get. */
    @Benchmark
    public boolean rawCompareAndSwap() {
        String key = key("cas-");
        String current = raw.get(key);
        return raw.replace(key, current, Long.toString(Long.parseLong(current) + 1));
    }

    /** A bare increment entry processor: the least an atomic counter on Hazelcast can cost. */
    static final class RawIncrement implements EntryProcessor<String, Long, Long>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Long process(Map.Entry<String, Long> entry) {
            Long value = entry.getValue();
            long next = value == null ? 1 : value + 1;
            entry.setValue(next);
            return next;
        }
    }
}
