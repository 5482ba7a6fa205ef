package io.gridkv.internal.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The key index's hot paths at 1k and 1M keys. The goal: {@code prefixRangeAndKth} at 1M keys within about twice
 * its time at 1k, i.e. O(log n) with the cache misses kept out of the search.
 *
 * <p>Run with: {@code mvn -Pjmh -pl client -am verify -Djmh.args="SortedKeySetBenchmark"}
 *
 * <p>Keys look like a load test's: 80 % {@code user:%08d}, 10 % {@code order:%08d}, 10 % {@code session:%08d},
 * added in random order, so the strings lie scattered in the heap as a replica fed by entry events would have
 * them. {@code prefixRangeAndKth} is {@code randomKey({prefix: "order:"})}: a prefix matching 10 % of the keys.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SortedKeySetBenchmark {

    private static final String PREFIX = "order:";

    @Param({"1000", "1000000"})
    public int size;

    private SortedKeySet set;
    /** The keys in the set, and as many absent ones; churn swaps {@code present[i]} and {@code absent[i]}. */
    private String[] present;

    private String[] absent;
    private long random;

    @Setup(Level.Trial)
    public void setUp() {
        List<String> keys = new ArrayList<>(size);
        List<String> others = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            keys.add(key(i, 2 * i));
            others.add(key(i, 2 * i + 1));
        }
        Collections.shuffle(keys, new Random(1));
        Collections.shuffle(others, new Random(2));
        set = new SortedKeySet();
        keys.forEach(set::add);
        present = keys.toArray(new String[0]);
        absent = others.toArray(new String[0]);
        random = 0x9E3779B97F4A7C15L;
    }

    private static String key(int i, int id) {
        int kind = i % 10;
        String prefix = kind == 0 ? PREFIX : kind == 1 ? "session:" : "user:";
        return prefix + String.format("%08d", id);
    }

    /** A uniform int in [0, bound): xorshift, then multiply-shift instead of a division. */
    private int next(int bound) {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        return (int) (((x >>> 32) * bound) >>> 32);
    }

    /** {@code randomKey()}: a uniform key of the whole set. */
    @Benchmark
    public String kthRandom() {
        return set.kth(next(size));
    }

    /** {@code randomKey({prefix})}: the prefix's rank range, then a uniform key in it. */
    @Benchmark
    public String prefixRangeAndKth() {
        int start = set.prefixStart(PREFIX);
        int end = set.prefixEnd(PREFIX);
        return set.kth(start + next(end - start));
    }

    /** {@code count({prefix})}, and the search half of {@link #prefixRangeAndKth}: what is left once kth is removed. */
    @Benchmark
    public int prefixRange() {
        return set.prefixEnd(PREFIX) - set.prefixStart(PREFIX);
    }

    /** Entry events: one key deleted and another created, at random places; the size stays put. */
    @Benchmark
    public boolean churnRemoveAndAdd() {
        int i = next(size);
        String gone = present[i];
        String added = absent[i];
        present[i] = added;
        absent[i] = gone;
        return set.remove(gone) & set.add(added);
    }
}
