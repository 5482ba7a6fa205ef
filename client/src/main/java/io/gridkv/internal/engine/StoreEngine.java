package io.gridkv.internal.engine;

import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.gridkv.Backend;
import io.gridkv.BackupOptions;
import io.gridkv.BackupResult;
import io.gridkv.Entry;
import io.gridkv.GetOrSetResult;
import io.gridkv.KeysPage;
import io.gridkv.Kv;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.KvOptions;
import io.gridkv.ListOptions;
import io.gridkv.RandomKeysOptions;
import io.gridkv.RestoreOptions;
import io.gridkv.RestoreResult;
import io.gridkv.ScanOptions;
import io.gridkv.ScanPage;
import io.gridkv.SwapResult;
import io.gridkv.cluster.HazelcastConfigs;
import io.gridkv.internal.codec.Utf8Order;
import io.gridkv.internal.codec.ValueCodec;
import io.gridkv.internal.disk.DiskAcks;
import io.gridkv.internal.disk.DiskLoad;
import io.gridkv.internal.index.KeyTracker;
import io.gridkv.internal.index.PendingWrites;
import io.gridkv.internal.index.Sampling;
import io.gridkv.internal.processor.AnsweredError;
import io.gridkv.internal.processor.ClearProcessor;
import io.gridkv.internal.processor.CompareAndDeleteProcessor;
import io.gridkv.internal.processor.CompareAndSwapProcessor;
import io.gridkv.internal.processor.DeleteProcessor;
import io.gridkv.internal.processor.Durability;
import io.gridkv.internal.processor.GetOrSetProcessor;
import io.gridkv.internal.processor.IncrementByProcessor;
import io.gridkv.internal.processor.MutatingProcessor;
import io.gridkv.internal.processor.ProcessorFailure;
import io.gridkv.internal.processor.ProcessorResult;
import io.gridkv.internal.processor.ReadValueProcessor;
import io.gridkv.internal.processor.Record;
import io.gridkv.internal.processor.SetProcessor;
import io.gridkv.internal.processor.SwapProcessor;
import io.gridkv.internal.query.FirstEntriesAggregator;
import io.gridkv.internal.query.KeyPrefixPredicate;
import io.gridkv.internal.query.RandomKeyAggregator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Kv} handle on one store of a {@code HazelcastInstance} (member or client).
 *
 * <p>Each call validates and encodes its arguments in the caller's thread, becomes one Hazelcast operation (an entry
 * processor on the key's owner for every atomic call), and completes a {@link KvFuture} with the decoded answer. Ordered
 * and random queries read the local key index when the store tracks keys, and otherwise run as aggregations on the
 * members.
 *
 * <p>Concurrency: thread-safe. A call counts as in flight from its closed-check to its completion; {@link #close()}
 * lets in-flight calls finish before it stops anything.
 */
public final class StoreEngine implements Kv {
    private static final Logger LOG = Logger.getLogger(StoreEngine.class.getName());
    private static final long CLOSE_DRAIN_SECONDS = 30;
    private static final ReadValueProcessor READ_VALUE = new ReadValueProcessor();

    private final HazelcastInstance instance;
    private final boolean ownsInstance;
    private final KvOptions options;
    private final IMap<String, Record> map;
    private final KeyCalls keyCalls;
    private final ValueCodec codec;
    private final KeyTracker tracker;
    private final Durability durability;
    /** For a disk store: holds each mutation's answer until its write is on disk; {@code null} otherwise. */
    private final DiskAcks diskAcks;

    private final ClearProcessor clearProcessor;
    private final Snapshots snapshots;

    /**
     * Calls begun and not yet answered, for {@link #close} to wait for. An adder, not one shared counter: every call
     * passes here twice, from many threads at once, and a contended counter's cache line bouncing between cores was
     * measurable on every call. (Why a sum of zero after {@link #closed} is set means drained: a call counted too late
     * to be in the sum reads {@code closed} after it was set, and refuses itself.)
     */
    private final LongAdder inFlight = new LongAdder();

    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final AtomicReference<CompletableFuture<Void>> closing = new AtomicReference<>();
    private volatile boolean closed;

    private StoreEngine(HazelcastInstance instance, boolean ownsInstance, KvOptions options, KeyTracker tracker) {
        this.instance = instance;
        this.ownsInstance = ownsInstance;
        this.options = options;
        this.map = instance.getMap(mapName(options.store()));
        this.keyCalls = KeyCalls.of(map, options.store());
        this.codec = ValueCodec.of(options.serialization());
        this.tracker = tracker;
        this.durability = Durability.of(options);
        this.clearProcessor = new ClearProcessor(durability.writes() ? options.store() : null);
        this.diskAcks = durability.writes() ? new DiskAcks(instance, options.store(), KvExecutors.async()) : null;
        this.snapshots = new Snapshots(instance, map, options);
    }

    static StoreEngine open(HazelcastInstance instance, boolean ownsInstance, KvOptions options) {
        StoreCatalog.lockIn(instance, options);
        if (options.backend() == Backend.DISK) {
            DiskLoad.awaitLive(instance, options.store());
        }
        KeyTracker tracker = null;
        if (options.trackKeys()) {
            tracker = KeyTracker.start(
                    instance,
                    instance.getMap(mapName(options.store())),
                    KvExecutors.blocking(),
                    KvExecutors.async(),
                    KvExecutors.timer());
        }
        return new StoreEngine(instance, ownsInstance, options, tracker);
    }

    /** The Hazelcast map behind a store; the prefix is what the cluster's map settings match on. */
    static String mapName(String store) {
        return HazelcastConfigs.STORE_MAP_PREFIX + store;
    }

    @Override
    public KvOptions options() {
        return options;
    }

    // ---- basic operations ----

    @Override
    public CompletableFuture<Object> get(String key) {
        return call(() -> keyCalls.value(Arguments.key(key)), value -> {
            if (value == null) {
                throw new AnsweredError(KvError.KeyNotFoundError, "key not found: \"" + key + "\"");
            }
            return codec.decode(value);
        });
    }

    @Override
    public CompletableFuture<Object> set(String key, Object value) {
        return mutate(key, () -> new SetProcessor(codec.encode(value)), payload -> value);
    }

    @Override
    public CompletableFuture<Boolean> delete(String key) {
        return mutate(key, () -> new DeleteProcessor(false), payload -> Boolean.TRUE);
    }

    @Override
    public CompletableFuture<Boolean> exists(String key) {
        return call(() -> keyCalls.exists(Arguments.key(key)), Function.identity());
    }

    @Override
    public CompletableFuture<Boolean> clear() {
        if (durability == Durability.READ_ONLY) {
            return failed(MutatingProcessor.readOnly(options.store()));
        }
        // Under the store's lease, so a strict backup or a restore never sees half a clear (see StoreLease).
        // Redone after an unknown outcome: clearing twice leaves what clearing once does.
        if (tracker == null && !durability.writes()) {
            return call(
                    () -> Redo.untilKnown(n -> blocking(() -> underLease(() -> {
                        map.clear();
                        return null;
                    }))),
                    v -> Boolean.TRUE);
        }
        // Entry by entry: the key index sees ordered removals (see ClearProcessor) and can wait for its own, and a disk
        // store gets a tombstone per key, synced on every member before the answer.
        Supplier<CompletableFuture<Set<String>>> removeAll =
                () -> Redo.untilKnown(n -> blocking(() -> underLease(() -> {
                    Set<String> removed = map.executeOnEntries(clearProcessor).keySet();
                    if (durability.writes()) {
                        DiskLoad.sync(instance, options.store());
                    }
                    return removed;
                })));
        if (tracker == null) {
            return call(removeAll, v -> Boolean.TRUE);
        }
        return call(() -> tracker.clear(removeAll), v -> Boolean.TRUE);
    }

    private <R> R underLease(Supplier<R> clear) {
        try (StoreLease lease = StoreLease.acquire(instance, options.store(), StoreLease.Purpose.CLEAR, () -> {})) {
            return clear.get();
        }
    }

    @Override
    public CompletableFuture<Long> size() {
        return call(() -> blocking(map::size), Integer::longValue);
    }

    // ---- atomic operations ----

    @Override
    public CompletableFuture<Long> incrementBy(String key, long delta) {
        return mutate(key, () -> new IncrementByProcessor(delta), payload -> (Long) payload);
    }

    @Override
    public CompletableFuture<Long> incrementBy(String key, Number delta) {
        return mutate(key, () -> new IncrementByProcessor(Arguments.delta(delta)), payload -> (Long) payload);
    }

    @Override
    public CompletableFuture<GetOrSetResult> getOrSet(String key, Object value) {
        byte[][] encoded = new byte[1][]; // encoded inside the call, so an unencodable value fails the future
        return mutate(
                key,
                () -> new GetOrSetProcessor(encoded[0] = codec.encode(value)),
                payload -> payload == null
                        ? new GetOrSetResult(codec.decode(encoded[0]), false)
                        : new GetOrSetResult(codec.decode((byte[]) payload), true));
    }

    @Override
    public CompletableFuture<SwapResult> swap(String key, Object value) {
        return mutate(
                key,
                () -> new SwapProcessor(codec.encode(value)),
                payload -> payload == null
                        ? new SwapResult(null, false)
                        : new SwapResult(codec.decode((byte[]) payload), true));
    }

    @Override
    public CompletableFuture<Boolean> compareAndSwap(String key, Object oldValue, Object newValue) {
        return mutate(
                key,
                () -> new CompareAndSwapProcessor(
                        oldValue == null ? null : codec.encode(oldValue), codec.encode(newValue)),
                payload -> (Boolean) payload);
    }

    @Override
    public CompletableFuture<Boolean> setIfAbsent(String key, Object value) {
        return compareAndSwap(key, null, value);
    }

    @Override
    public CompletableFuture<Boolean> deleteIfExists(String key) {
        return mutate(key, () -> new DeleteProcessor(true), payload -> (Boolean) payload);
    }

    @Override
    public CompletableFuture<Boolean> compareAndDelete(String key, Object oldValue) {
        return mutate(key, () -> new CompareAndDeleteProcessor(codec.encode(oldValue)), payload -> (Boolean) payload);
    }

    // ---- queries ----

    @Override
    public CompletableFuture<List<Entry>> list() {
        return list(ListOptions.DEFAULT);
    }

    @Override
    public CompletableFuture<List<Entry>> list(ListOptions o) {
        return call(() -> entries(o.prefix(), null, o.limit(), true), this::decodeEntries);
    }

    @Override
    public CompletableFuture<List<String>> listKeys() {
        return listKeys(ListOptions.DEFAULT);
    }

    @Override
    public CompletableFuture<List<String>> listKeys(ListOptions o) {
        return call(() -> entries(o.prefix(), null, o.limit(), false), StoreEngine::keysOf);
    }

    @Override
    public CompletableFuture<ScanPage> scan() {
        return scan(ScanOptions.DEFAULT);
    }

    @Override
    public CompletableFuture<ScanPage> scan(ScanOptions o) {
        return call(() -> entries(o.prefix(), Arguments.cursor(o.cursor()), peekLimit(o), true), found -> {
            List<KeyValue> page = pageOf(found, o.limit());
            return new ScanPage(decodeEntries(page), cursorAfter(page, found), page.size() == found.size());
        });
    }

    @Override
    public CompletableFuture<KeysPage> scanKeys() {
        return scanKeys(ScanOptions.DEFAULT);
    }

    @Override
    public CompletableFuture<KeysPage> scanKeys(ScanOptions o) {
        return call(() -> entries(o.prefix(), Arguments.cursor(o.cursor()), peekLimit(o), false), found -> {
            List<KeyValue> page = pageOf(found, o.limit());
            return new KeysPage(keysOf(page), cursorAfter(page, found), page.size() == found.size());
        });
    }

    @Override
    public CompletableFuture<Long> count() {
        return size();
    }

    @Override
    public CompletableFuture<Long> count(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return size();
        }
        if (tracker != null) {
            return fromIndex(() -> tracker.count(prefix));
        }
        return call(
                () -> blocking(() -> map.aggregate(Aggregators.count(), new KeyPrefixPredicate(prefix))),
                Function.identity());
    }

    @Override
    public CompletableFuture<String> randomKey() {
        return randomKey("");
    }

    @Override
    public CompletableFuture<String> randomKey(String prefix) {
        String p = prefix == null ? "" : prefix;
        if (tracker != null) {
            return fromIndex(() -> tracker.randomKey(p));
        }
        return call(() -> blocking(() -> map.aggregate(new RandomKeyAggregator(p))), Function.identity());
    }

    @Override
    public CompletableFuture<List<String>> randomKeys(RandomKeysOptions o) {
        if (tracker != null) {
            return fromIndex(() -> tracker.sample(o.prefix(), o.count(), o.unique()));
        }
        return call(
                () -> blocking(() -> new ArrayList<>(map.keySet(new KeyPrefixPredicate(o.prefix())))),
                keys -> Sampling.pick(keys.size(), o.count(), o.unique(), keys::get));
    }

    @Override
    public CompletableFuture<Boolean> rebuildKeyList() {
        return call(
                () -> tracker == null ? CompletableFuture.completedFuture(null) : tracker.rebuild(), v -> Boolean.TRUE);
    }

    // ---- snapshots ----

    @Override
    public CompletableFuture<BackupResult> backup(BackupOptions o) {
        return call(() -> blocking(() -> snapshots.backup(o)), Function.identity());
    }

    @Override
    public CompletableFuture<RestoreResult> restore(RestoreOptions o) {
        return call(() -> blocking(() -> snapshots.restore(o)), Function.identity());
    }

    // ---- lifecycle ----

    @Override
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new KvFuture<>();
        if (!closing.compareAndSet(null, done)) {
            return closing.get();
        }
        closed = true;
        if (inFlight.sum() == 0) {
            drained.complete(null);
        }
        drained.orTimeout(CLOSE_DRAIN_SECONDS, TimeUnit.SECONDS)
                .handleAsync(
                        (v, t) -> {
                            if (t != null) {
                                LOG.warning("closing store \"" + options.store() + "\" with calls still running after "
                                        + CLOSE_DRAIN_SECONDS + " s");
                            }
                            try {
                                if (tracker != null) {
                                    tracker.close();
                                }
                                if (ownsInstance) {
                                    instance.shutdown();
                                }
                                done.complete(null);
                            } catch (RuntimeException e) {
                                LOG.log(Level.WARNING, "error while closing store \"" + options.store() + "\"", e);
                                done.completeExceptionally(Errors.translate(e));
                            }
                            return null;
                        },
                        KvExecutors.blocking());
        return done;
    }

    // ---- plumbing ----

    /**
     * Runs {@code operation} (which validates its arguments and starts the Hazelcast call) and completes the returned
     * future with {@code then} applied to its answer — on the thread Hazelcast answers on, which is why
     * {@link KvFuture} moves user stages elsewhere. Any failure becomes a named {@link KvException}.
     */
    private <R, T> CompletableFuture<T> call(
            Supplier<? extends CompletionStage<R>> operation, Function<? super R, ? extends T> then) {
        KvFuture<T> result = new KvFuture<>();
        if (!enter()) {
            result.completeExceptionally(closedError());
            return result;
        }
        CompletionStage<R> stage;
        try {
            stage = operation.get();
        } catch (Throwable t) {
            exit();
            result.completeExceptionally(Errors.translate(t));
            return result;
        }
        stage.whenCompleteAsync(
                (answer, failure) -> {
                    T value = null;
                    Throwable error = failure;
                    if (error == null) {
                        try {
                            value = then.apply(answer);
                        } catch (Throwable t) {
                            error = t;
                        }
                    }
                    // Bookkeeping first: a caller woken by the result must find the call finished (xk6-kv 7f23181).
                    exit();
                    if (error != null) {
                        result.completeExceptionally(Errors.translate(error));
                    } else {
                        result.complete(value);
                    }
                },
                KvExecutors.direct());
        return result;
    }

    /**
     * A mutation of one key: an entry processor on its owner, announced to the key index when there is one. Every
     * attempt carries the same operation id, so one whose outcome was lost to a member failure is sent again (see
     * {@link Redo}) without the risk of being applied twice.
     */
    private <T> CompletableFuture<T> mutate(
            String key, Supplier<? extends MutatingProcessor> processor, Function<Object, ? extends T> then) {
        return call(
                () -> {
                    Arguments.key(key);
                    MutatingProcessor first = processor.get(); // encodes the arguments: fails here if they're bad
                    OperationIds.Given id = OperationIds.next();
                    IntFunction<CompletionStage<ProcessorResult>> attempt = n -> {
                        MutatingProcessor sent = (n == 0 ? first : processor.get())
                                .identified(options.store(), durability, id.id(), n > 0 || id.resent());
                        CompletionStage<ProcessorResult> answer =
                                keyCalls.mutate(key, n == 0 && id.made() ? sent.fresh() : sent);
                        // a disk store's answer waits for its write: the wait is part of the attempt, so a lost owner
                        // means an unknown outcome and another attempt
                        return diskAcks == null
                                ? answer
                                : answer.thenComposeAsync(diskAcks::after, KvExecutors.direct());
                    };
                    if (tracker == null) {
                        return Redo.untilKnown(attempt);
                    }
                    PendingWrites.Write write = tracker.beginWrite(key);
                    return Redo.untilKnown(attempt)
                            .whenCompleteAsync(
                                    (r, t) -> tracker.endWrite(write, t == null ? r.effect() : null),
                                    KvExecutors.direct());
                },
                result -> {
                    if (result.payload() instanceof ProcessorFailure failure) {
                        throw failure.toException();
                    }
                    return then.apply(result.payload());
                });
    }

    /**
     * A read of the local key index. When the index already holds this participant's own writes — the usual case — it
     * is answered at once in the caller's thread, without the barrier's chain of futures (measured: a tracked
     * {@code randomKey} over 1k keys went from 24M to 44M ops/s). Otherwise it waits for those writes first.
     */
    private <T> CompletableFuture<T> fromIndex(Supplier<T> read) {
        if (!tracker.settled()) {
            return call(() -> tracker.barrier().thenApply(v -> read.get()), Function.identity());
        }
        KvFuture<T> result = new KvFuture<>();
        if (!enter()) {
            result.completeExceptionally(closedError());
            return result;
        }
        try {
            T value = read.get();
            exit();
            result.complete(value);
        } catch (RuntimeException e) {
            exit();
            result.completeExceptionally(Errors.translate(e));
        }
        return result;
    }

    private static <T> CompletableFuture<T> failed(KvException e) {
        KvFuture<T> result = new KvFuture<>();
        result.completeExceptionally(e);
        return result;
    }

    private static KvException closedError() {
        return new KvException(KvError.StoreClosedError, "kv store handle is closed");
    }

    private static <R> CompletableFuture<R> blocking(Callable<R> call) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return call.call();
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                },
                KvExecutors.blocking());
    }

    private boolean enter() {
        inFlight.increment();
        if (closed) {
            exit();
            return false;
        }
        return true;
    }

    private void exit() {
        inFlight.decrement();
        if (closed && inFlight.sum() == 0) {
            drained.complete(null);
        }
    }

    // ---- ordered reads ----

    /** A key and its stored bytes ({@code null} when only keys were asked for). */
    private record KeyValue(String key, byte[] value) {}

    /**
     * The first {@code limit} entries ({@code <= 0}: all) with {@code prefix}, strictly after the key whose UTF-8 bytes
     * are {@code after}, in key order.
     */
    private CompletableFuture<List<KeyValue>> entries(String prefix, byte[] after, int limit, boolean withValues) {
        if (tracker != null) {
            return tracker.barrier()
                    .thenCompose(v -> pageFromIndex(prefix, after, limit, withValues, new ArrayList<>()));
        }
        return blocking(() -> map.aggregate(new FirstEntriesAggregator(prefix, after, limit, withValues)))
                .thenApply(found -> {
                    List<KeyValue> out = new ArrayList<>(found.keys().size());
                    for (int i = 0; i < found.keys().size(); i++) {
                        out.add(new KeyValue(found.keys().get(i), found.value(i)));
                    }
                    return out;
                });
    }

    /**
     * Takes candidate keys from the index and, when values are wanted, reads them in one call; a key deleted since the
     * index saw it is skipped and the page refilled from further on, so pages stay full and {@code done} stays exact.
     */
    private CompletableFuture<List<KeyValue>> pageFromIndex(
            String prefix, byte[] after, int limit, boolean withValues, List<KeyValue> acc) {
        int wanted = limit <= 0 ? 0 : limit - acc.size();
        List<String> keys = tracker.keysAfter(prefix, after, wanted);
        if (!withValues || keys.isEmpty()) {
            keys.forEach(k -> acc.add(new KeyValue(k, null)));
            return CompletableFuture.completedFuture(acc);
        }
        return map.<byte[]>submitToKeys(new HashSet<>(keys), READ_VALUE)
                .thenComposeAsync(
                        values -> {
                            for (String k : keys) {
                                byte[] v = values.get(k);
                                if (v != null) {
                                    acc.add(new KeyValue(k, v));
                                }
                            }
                            boolean exhausted = limit <= 0 || keys.size() < wanted;
                            if (exhausted || acc.size() >= limit) {
                                return CompletableFuture.completedFuture(acc);
                            }
                            return pageFromIndex(prefix, Utf8Order.utf8(keys.get(keys.size() - 1)), limit, true, acc);
                        },
                        KvExecutors.direct())
                .toCompletableFuture();
    }

    /** Scans fetch one entry more than the page to learn whether anything follows it. */
    private static int peekLimit(ScanOptions o) {
        return o.limit() > 0 ? o.limit() + 1 : 0;
    }

    private static List<KeyValue> pageOf(List<KeyValue> found, int limit) {
        return limit > 0 && found.size() > limit ? found.subList(0, limit) : found;
    }

    private static String cursorAfter(List<KeyValue> page, List<KeyValue> found) {
        return page.size() == found.size()
                ? ""
                : Arguments.cursorAfter(page.get(page.size() - 1).key());
    }

    private List<Entry> decodeEntries(List<KeyValue> found) {
        List<Entry> out = new ArrayList<>(found.size());
        for (KeyValue kv : found) {
            out.add(new Entry(kv.key(), codec.decode(kv.value())));
        }
        return out;
    }

    private static List<String> keysOf(List<KeyValue> found) {
        List<String> out = new ArrayList<>(found.size());
        for (KeyValue kv : found) {
            out.add(kv.key());
        }
        return out;
    }
}
