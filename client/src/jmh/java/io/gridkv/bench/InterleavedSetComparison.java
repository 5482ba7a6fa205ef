package io.gridkv.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.testing.TestMembers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * gridkv's {@code set} against a raw {@code IMap.set} on one embedded member, interleaved: the same threads alternate
 * between the two in windows of a second (the order swapped every round), so both see the same machine at the same
 * minute. JMH runs each in forks of its own, minutes apart, and on this 2-core VM the raw map's own figure moves by
 * 10–25% between runs; the median ratio over interleaved windows is steady to a few percent, which is what a change
 * to the write path needs to be judged by. (JMH's {@link EmbeddedBenchmark} stays the figure the README reports.)
 *
 * <pre>
 * mvn -Pjmh -pl client test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.gridkv.bench.InterleavedSetComparison -Dexec.args="8 20 1000"
 * </pre>
 *
 * Arguments: threads (8), measured windows per side (20), window milliseconds (1000). Four rounds of warm-up first.
 */
public final class InterleavedSetComparison {
    private static final int KEYS = 1_000;
    private static final String VALUE = "v".repeat(64);
    private static final int GRIDKV = 0;
    private static final int RAW = 1;
    private static final int STOP = 2;

    private static volatile int side = -1;

    private InterleavedSetComparison() {}

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int windows = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long windowMillis = args.length > 2 ? Long.parseLong(args[2]) : 1000;
        HazelcastInstance member = TestMembers.start(TestMembers.cluster(1)).get(0);
        Kv kv = Kv.using(member, KvOptions.builder().store("bench").build());
        IMap<String, String> raw = member.getMap("raw");
        for (int i = 0; i < KEYS; i++) {
            kv.set("key-" + i, VALUE).join();
            raw.set("key-" + i, VALUE);
        }
        LongAdder[] done = {new LongAdder(), new LongAdder()};
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int s = side; s != STOP; s = side) {
                    if (s < 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    String key = "key-" + random.nextInt(KEYS);
                    if (s == GRIDKV) {
                        kv.set(key, VALUE).join();
                    } else {
                        raw.set(key, VALUE);
                    }
                    if (side == s) {
                        done[s].increment(); // a call that straddled a switch counts for neither
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        double[][] rates = new double[2][windows];
        for (int w = -4; w < windows; w++) {
            for (int k = 0; k < 2; k++) {
                int s = (w & 1) == 0 ? k : 1 - k;
                done[s].reset();
                long start = System.nanoTime();
                side = s;
                Thread.sleep(windowMillis); // the window's length, not a synchronisation
                double rate = done[s].sum() / ((System.nanoTime() - start) / 1e9);
                if (w >= 0) {
                    rates[s][w] = rate;
                }
            }
        }
        side = STOP;
        for (Thread worker : workers) {
            worker.join();
        }
        double[] ratios = new double[windows];
        for (int w = 0; w < windows; w++) {
            ratios[w] = rates[GRIDKV][w] / rates[RAW][w];
        }
        Arrays.sort(ratios);
        Arrays.sort(rates[GRIDKV]);
        Arrays.sort(rates[RAW]);
        System.out.printf(
                Locale.ROOT,
                "set, %d threads, %d windows of %d ms: gridkv %.0f ops/s, raw %.0f ops/s (medians);"
                        + " gridkv/raw median %.3f (quartiles %.3f–%.3f)%n",
                threads,
                windows,
                windowMillis,
                rates[GRIDKV][windows / 2],
                rates[RAW][windows / 2],
                ratios[windows / 2],
                ratios[windows / 4],
                ratios[3 * windows / 4]);
        kv.close().join();
        member.shutdown();
    }
}
