package io.gridkv.internal.disk;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.cluster.HazelcastConfigs;
import io.gridkv.internal.processor.MemberTasks;
import io.gridkv.internal.processor.Record;
import io.gridkv.internal.processor.ReloadProcessor;
import io.gridkv.internal.processor.SettleProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * How a disk store becomes live in a cluster: new, or loaded from the members' files after the whole cluster
 * restarted.
 *
 * <p>A cluster-wide map says, per store, whether it is live. While it is not, the first member to claim the load waits
 * until the cluster has its expected number of members (any member's files may hold the only copy of some writes),
 * asks every member to offer its files — each record goes to its key's owner, where the highest version wins and
 * tombstones beat the older values they deleted ({@link ReloadProcessor}) — and then settles: the result is written to
 * every owner's and backup's files and synced, and the store is marked live. A member that dies while loading is
 * replaced by the next one that finds its claim orphaned. A member that joins a live store drops its old files: the
 * cluster has moved on without it, and it gets its share from the others.
 *
 * <p>While a store is not live, opening it waits (at most {@value #WAIT_MINUTES} minutes).
 */
public final class DiskLoad {
    static final String STATE_MAP = "gridkv.disk-state";
    private static final String LIVE = "LIVE";
    private static final String LOADING = "LOADING:";
    static final String EXECUTOR = "gridkv.disk";
    private static final long WAIT_MINUTES = 10;
    private static final long POLL_MILLIS = 50;
    private static final int PUSHES_IN_FLIGHT = 1024;
    private static final Logger LOG = Logger.getLogger(DiskLoad.class.getName());

    private DiskLoad() {}

    /**
     * Returns once {@code store} is live in the cluster of {@code instance} (a member or a client), loading it first
     * if this is the first open since the cluster started.
     *
     * @throws KvException {@code DiskStoreOpenError} when it does not become live in time
     */
    public static void awaitLive(HazelcastInstance instance, String store) {
        IExecutorService executor = instance.getExecutorService(EXECUTOR);
        Member target = instance.getCluster().getMembers().iterator().next(); // the oldest; a member asks itself
        for (Member m : instance.getCluster().getMembers()) {
            if (m.localMember()) {
                target = m;
            }
        }
        Future<Boolean> done = executor.submitToMember(new DiskTask(DiskTask.Step.LOAD, store), target);
        try {
            done.get(WAIT_MINUTES + 1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw openError(store, "interrupted while waiting for it to load", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() instanceof KvException k ? k : e;
            throw openError(store, cause.getMessage(), cause);
        }
    }

    /**
     * Whether a disk store was ever opened in the cluster: whether its state map exists. Asked of this member alone —
     * every member knows every map's proxy — so it costs no call to the others.
     */
    static boolean anyStoreOpened(HazelcastInstance member) {
        return member.getDistributedObjects().stream()
                .anyMatch(o -> o instanceof IMap && STATE_MAP.equals(o.getName()));
    }

    /** The stores that are live in the cluster. */
    static List<String> liveStores(HazelcastInstance member) {
        List<String> live = new ArrayList<>();
        member.<String, String>getMap(STATE_MAP).forEach((store, state) -> {
            if (LIVE.equals(state)) {
                live.add(store);
            }
        });
        return live;
    }

    /** The {@link DiskTask.Step#LOAD} step, on a member: see the class comment. */
    static void runOn(HazelcastInstance member, String store) {
        IMap<String, String> states = member.getMap(STATE_MAP);
        String claim = LOADING + member.getCluster().getLocalMember().getUuid();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(WAIT_MINUTES);
        while (true) {
            String state = states.get(store);
            if (LIVE.equals(state)) {
                break;
            }
            boolean mine;
            if (state == null) {
                awaitExpectedMembers(member, store, deadline);
                mine = states.putIfAbsent(store, claim) == null;
            } else {
                mine = !loaderAlive(member, state) && states.replace(store, state, claim);
            }
            if (mine) {
                load(member, store);
                states.put(store, LIVE);
                break;
            }
            pause(store, deadline, "another member to finish loading it");
        }
        DiskStores.of(member).dropStaged(store);
    }

    private static boolean loaderAlive(HazelcastInstance member, String state) {
        String uuid = state.substring(LOADING.length());
        return member.getCluster().getMembers().stream()
                .anyMatch(m -> m.getUuid().toString().equals(uuid));
    }

    private static void awaitExpectedMembers(HazelcastInstance member, String store, long deadline) {
        Object expected = member.getUserContext().get(HazelcastConfigs.EXPECTED_MEMBERS_KEY);
        int wanted = expected instanceof Integer n ? n : 1;
        long lastLog = 0;
        while (member.getCluster().getMembers().size() < wanted) {
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(10)) {
                LOG.info("disk store \"" + store + "\" waits for " + wanted + " members before it loads (their files"
                        + " may hold the only copy of some writes); "
                        + member.getCluster().getMembers().size()
                        + " so far");
                lastLog = System.nanoTime();
            }
            pause(store, deadline, wanted + " members (--expected-members)");
        }
    }

    private static void load(HazelcastInstance member, String store) {
        long started = System.nanoTime();
        onEveryMember(member, new DiskTask(DiskTask.Step.PUSH, store));
        settle(member, store, Map.of());
        LOG.info("disk store \"" + store + "\" loaded from the members' files in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms: "
                + map(member, store).size() + " keys");
    }

    /** The {@link DiskTask.Step#PUSH} step: offers every record of this member's files to its key's owner. */
    static void push(HazelcastInstance member, String store) {
        KeySubmissions offers = new KeySubmissions(map(member, store), PUSHES_IN_FLIGHT);
        DiskStores.of(member).forEachStaged(store, (key, record) -> offers.submit(key, new ReloadProcessor(record)));
        Throwable failure = offers.awaitAll();
        if (failure != null) {
            throw new KvException(
                    KvError.DiskStoreReadError,
                    "offering this member's files of store \"" + store + "\" failed: " + failure,
                    failure);
        }
    }

    /**
     * Writes what the store holds in memory to every owner's and backup's files (and tombstones for the given absent
     * keys), then syncs every member. It deletes nothing: the settle pass prunes afterwards ({@link #prune}).
     */
    public static void settle(HazelcastInstance instance, String store, Map<String, Long> tombstones) {
        IMap<String, Record> map = map(instance, store);
        map.executeOnEntries(new SettleProcessor(store, Map.of()));
        if (!tombstones.isEmpty()) {
            map.executeOnKeys(tombstones.keySet(), new SettleProcessor(store, tombstones));
        }
        sync(instance, store);
    }

    /**
     * Has every member prune its files of {@code store} of the partitions it holds no replica of, by the partition
     * table with {@code stamp} ({@link DiskPrune}); for the settle pass, right after it settled the store on that
     * table. Returns false when some member's table was not that one: it pruned nothing or only part.
     */
    static boolean prune(HazelcastInstance member, String store, long stamp) {
        return allTrue(onEveryMember(member, DiskTask.prune(store, stamp)));
    }

    /** Whether every member's partition table is the one with {@code stamp}. */
    static boolean sameTable(HazelcastInstance member, long stamp) {
        return allTrue(onEveryMember(member, DiskTask.sameTable(stamp)));
    }

    private static boolean allTrue(Map<Member, Boolean> answers) {
        return answers.values().stream().allMatch(Boolean.TRUE::equals);
    }

    /** Returns once every member's files of {@code store} have everything queued for them so far on the device. */
    public static void sync(HazelcastInstance instance, String store) {
        onEveryMember(instance, new DiskTask(DiskTask.Step.SYNC, store));
    }

    private static Map<Member, Boolean> onEveryMember(HazelcastInstance instance, DiskTask task) {
        return MemberTasks.onEveryMember(
                instance, EXECUTOR, task, TimeUnit.MINUTES.toSeconds(WAIT_MINUTES), KvError.DiskStoreWriteError);
    }

    static IMap<String, Record> map(HazelcastInstance instance, String store) {
        return instance.getMap(HazelcastConfigs.STORE_MAP_PREFIX + store);
    }

    private static void pause(String store, long deadline, String waitingFor) {
        if (System.nanoTime() - deadline > 0) {
            throw openError(store, "gave up after " + WAIT_MINUTES + " minutes waiting for " + waitingFor, null);
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw openError(store, "interrupted while waiting for " + waitingFor, e);
        }
    }

    private static KvException openError(String store, String why, Throwable cause) {
        return new KvException(
                KvError.DiskStoreOpenError, "disk store \"" + store + "\" could not open: " + why, cause);
    }
}
