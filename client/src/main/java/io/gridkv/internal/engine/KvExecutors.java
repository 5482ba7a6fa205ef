package io.gridkv.internal.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * gridkv's own threads, shared by every handle in the JVM. All are daemons: an unclosed handle never keeps a JVM alive.
 *
 * <ul>
 *   <li>{@link #async()} runs callers' dependent stages, so user code never runs on Hazelcast partition, response or
 *       event threads (where it would stall every other operation of the partition).</li>
 *   <li>{@link #blocking()} runs the few Hazelcast calls that have no asynchronous form (aggregations, size, clear,
 *       key set loads), so no caller thread blocks on them.</li>
 *   <li>{@link #timer()} schedules background checks.</li>
 * </ul>
 */
public final class KvExecutors {
    private static final int BLOCKING_THREADS = 16;

    private static final ForkJoinPool ASYNC = new ForkJoinPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), KvExecutors::asyncThread, null, true);

    private static final ThreadPoolExecutor BLOCKING = blockingPool();

    private static final ScheduledThreadPoolExecutor TIMER = timerPool();

    private KvExecutors() {}

    public static Executor async() {
        return ASYNC;
    }

    public static ExecutorService blocking() {
        return BLOCKING;
    }

    public static ScheduledExecutorService timer() {
        return TIMER;
    }

    private static ForkJoinWorkerThread asyncThread(ForkJoinPool pool) {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("gridkv-async-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }

    private static ThreadPoolExecutor blockingPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(BLOCKING_THREADS, BLOCKING_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons("gridkv-blocking-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ScheduledThreadPoolExecutor timerPool() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, daemons("gridkv-timer-"));
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
