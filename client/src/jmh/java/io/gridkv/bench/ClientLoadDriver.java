package io.gridkv.bench;

import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.cluster.ClusterSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client-mode load driver: N threads call a running cluster through {@code Kv.connect}, one operation type at a
 * time, and it prints ops/s and latency percentiles per operation.
 *
 * <p>Start members first (for example two {@code java -jar node/target/gridkv-node.jar --cluster-port P --members
 * ...} processes), then:
 *
 * <pre>
 * mvn -q -DskipTests install
 * mvn -Pjmh -pl client test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.gridkv.bench.ClientLoadDriver \
 *     -Dexec.args="--members 127.0.0.1:5701,127.0.0.1:5702 --threads 32 --seconds 20"
 * </pre>
 *
 * Options: {@code --members} (required), {@code --cluster-name} (gridkv), {@code --threads} (32), {@code --seconds}
 * per operation (20), {@code --warmup} seconds per operation (5), {@code --keys} (1000), {@code --ops}
 * (get,set,incrementBy,compareAndSwap). A {@code compareAndSwap} round is a {@code get} followed by a
 * {@code compareAndSwap} of the value read, the way a script uses it; its figures are for the pair.
 */
public final class ClientLoadDriver {
    private static final String VALUE = "v".repeat(64);

    public static void main(String[] args) throws Exception {
        String members = null;
        String clusterName = ClusterSettings.DEFAULT_CLUSTER_NAME;
        int threads = 32;
        int seconds = 20;
        int warmup = 5;
        int keys = 1000;
        List<String> ops = List.of("get", "set", "incrementBy", "compareAndSwap");
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--members" -> members = value;
                case "--cluster-name" -> clusterName = value;
                case "--threads" -> threads = Integer.parseInt(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--keys" -> keys = Integer.parseInt(value);
                case "--ops" -> ops = Arrays.asList(value.split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (members == null) {
            throw new IllegalArgumentException("--members host:port,... is required");
        }
        Kv kv = Kv.connect(
                ClusterSettings.builder()
                        .clusterName(clusterName)
                        .members(members)
                        .build(),
                KvOptions.builder().store("load-driver").build());
        try {
            for (int i = 0; i < keys; i++) {
                kv.set("key-" + i, VALUE).join();
                kv.set("cas-" + i, 0L).join();
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-16s %8s %12s %10s %10s %10s%n",
                    "operation",
                    "threads",
                    "ops/s",
                    "p50 us",
                    "p99 us",
                    "p99.9 us");
            for (String op : ops) {
                run(kv, op, threads, warmup, keys);
                Result r = run(kv, op, threads, seconds, keys);
                System.out.printf(
                        Locale.ROOT,
                        "%-16s %8d %12.0f %10.0f %10.0f %10.0f%n",
                        op,
                        threads,
                        r.opsPerSecond,
                        r.percentile(0.50),
                        r.percentile(0.99),
                        r.percentile(0.999));
            }
        } finally {
            kv.close().join();
        }
    }

    private record Result(double opsPerSecond, long[] latenciesNanos) {
        double percentile(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, i)] / 1000.0;
        }
    }

    private static Result run(Kv kv, String op, int threads, int seconds, int keys) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(threads);
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[threads];
        for (int t = 0; t < threads; t++) {
            long[] samples = new long[1 << 20];
            perThread.add(samples);
            int id = t;
            Thread worker = new Thread(
                    () -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        int n = 0;
                        try {
                            while (!stop.get()) {
                                long start = System.nanoTime();
                                call(kv, op, random.nextInt(keys));
                                if (n < samples.length) {
                                    samples[n] = System.nanoTime() - start;
                                }
                                n++;
                            }
                        } finally {
                            counts[id] = n;
                            done.countDown();
                        }
                    },
                    "driver-" + t);
            worker.start();
        }
        long began = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds); // the measurement window, not synchronisation
        stop.set(true);
        done.await();
        double elapsed = (System.nanoTime() - began) / 1e9;
        long total = Arrays.stream(counts).asLongStream().sum();
        int recorded = 0;
        for (int t = 0; t < threads; t++) {
            recorded += Math.min(counts[t], perThread.get(t).length);
        }
        long[] all = new long[recorded];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            int n = Math.min(counts[t], perThread.get(t).length);
            System.arraycopy(perThread.get(t), 0, all, at, n);
            at += n;
        }
        Arrays.sort(all);
        return new Result(total / elapsed, all);
    }

    private static void call(Kv kv, String op, int i) {
        switch (op) {
            case "get" -> kv.get("key-" + i).join();
            case "set" -> kv.set("key-" + i, VALUE).join();
            case "incrementBy" -> kv.incrementBy("counter-" + i, 1).join();
            case "compareAndSwap" -> {
                Object current = kv.get("cas-" + i).join();
                kv.compareAndSwap("cas-" + i, current, ((Number) current).longValue() + 1)
                        .join();
            }
            default -> throw new IllegalArgumentException("unknown operation " + op);
        }
    }
}
