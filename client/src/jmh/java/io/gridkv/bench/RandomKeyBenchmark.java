package io.gridkv.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.testing.TestMembers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tracked {@code randomKey} at 1k and 1M keys, with and without a prefix (the prefix matches 90% of the keys), beside
 * a raw IMap {@code get} on the same member: with key tracking a random pick is a local index read and should not
 * depend much on the store's size.
 *
 * <p>Run: {@code mvn -Pjmh -pl client -am verify -DskipTests -Djmh.args="RandomKeyBenchmark -t 1"}. Loading 1M keys
 * takes a minute; give the JVM memory with {@code -jvmArgsAppend -Xmx4g} if needed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class RandomKeyBenchmark {
    @Param({"1000", "1000000"})
    int keys;

    HazelcastInstance member;
    Kv kv;
    IMap<String, String> raw;

    @Setup(Level.Trial)
    public void start() {
        member = TestMembers.start(TestMembers.cluster(1)).get(0); // configured as Kv.embedded configures it
        kv = Kv.using(
                member,
                KvOptions.builder().store("random-" + keys).trackKeys(true).build());
        raw = member.getMap("raw");
        List<CompletableFuture<Object>> window = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            String key = (i % 10 == 0 ? "order:" : "user:") + String.format("%08d", i);
            window.add(kv.set(key, i));
            if (window.size() == 1000) {
                window.forEach(CompletableFuture::join);
                window.clear();
            }
        }
        window.forEach(CompletableFuture::join);
        for (int i = 0; i < 1000; i++) {
            raw.set("key-" + i, "v");
        }
        if (kv.count().join() != keys) {
            throw new IllegalStateException("loaded " + kv.count().join() + " keys, expected " + keys);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        kv.close().join();
        member.shutdown();
    }

    @Benchmark
    public String randomKey() {
        return kv.randomKey().join();
    }

    @Benchmark
    public String randomKeyWithPrefix() {
        return kv.randomKey("user:").join();
    }

    /** A pick that its caller then reads, as one that sends or looks up the key does: the key's characters count. */
    @Benchmark
    public char randomKeyRead() {
        String key = kv.randomKey().join();
        return key.charAt(key.length() - 1);
    }

    @Benchmark
    public Object rawGet() {
        return raw.get("key-" + ThreadLocalRandom.current().nextInt(1000));
    }
}
