package io.gridkv.internal.engine;

import com.hazelcast.internal.util.ConcurrencyUtil;
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

    private static final Executor DIRECT = Runnable::run;

    private static final ThreadPoolExecutor BLOCKING = blockingPool();

    private static final ScheduledThreadPoolExecutor TIMER = timerPool();

    static {
        replaceThreadPerTaskExecutor();
    }

    private KvExecutors() {}

    /**
     * Makes sure this class is initialised — and Hazelcast's callback executor fixed — before an instance starts.
     */
    static void init() {
        // the static initialiser does the work
    }

    /**
     * Hazelcast completes every future of its public API ({@code getAsync}, {@code submitToKey}, ...) through its
     * default async executor, which is the ForkJoin common pool — or, where the common pool has parallelism 1 (any
     * machine with 2 cores), a brand-new thread per callback. Measured here: a local {@code getAsync} took ~0.5 ms
     * instead of ~15 µs. Where Hazelcast would start threads, hand it gridkv's pool instead; elsewhere leave it alone.
     */
    private static void replaceThreadPerTaskExecutor() {
        if (ForkJoinPool.getCommonPoolParallelism() <= 1) {
            ConcurrencyUtil.setDefaultAsyncExecutor(ASYNC);
        }
    }

    /**
     * Runs a callback in the thread that completes the future. Hazelcast's futures run even their non-async callbacks
     * on the ForkJoin common pool — a second thread hop that measured ~0.3 ms per call here — so gridkv attaches its
     * own short callbacks (decoding, bookkeeping) with this executor and leaves user stages to {@link KvFuture}.
     */
    public static Executor direct() {
        return DIRECT;
    }

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
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                BLOCKING_THREADS,
                BLOCKING_THREADS,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                daemons("gridkv-blocking-"));
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
