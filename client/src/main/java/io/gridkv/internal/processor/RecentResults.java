package io.gridkv.internal.processor;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.query.impl.QueryableEntry;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * What this member answered for the identified writes it applied lately, by operation id: the second memory of
 * exactly-once, for the case a record's own ({@link Record}) is too short for.
 *
 * <p>That case: the primary applied a write, but its backup's member died before acknowledging it. The caller waits
 * for the acknowledgement ({@code hazelcast.operation.backup.timeout.millis}, 5 s), then gets an indeterminate outcome
 * and retries — onto the same, living primary, where a hot key has had thousands of other writes meanwhile. This
 * memory answers it. The retry may also arrive after the key's partition moved (a member joined, left, or came back
 * from a pause), so the memory goes where the partition goes: backups remember the answers their primary sends them
 * ({@link ApplyBackupProcessor}), and a partition's answers travel with it to a new owner or backup
 * ({@link RecentResultsMigration}).
 *
 * <p>One memory per partition thread, used by that thread alone — no lock. A partition is always served by the same
 * partition thread of its member ({@code partitionId % threads}), so a retry meets the memory of its first attempt.
 * (One lock for the whole member was shared by every partition thread on every write, which does not scale with
 * cores.)
 *
 * <p>Bounded: an answer is kept {@value #RETENTION_SECONDS} s, and at most {@link #CAPACITY} of them per member (the
 * oldest go first; each of the member's partition threads gets its share), so a member
 * applying more than {@code CAPACITY / RETENTION_SECONDS} writes a second keeps them for less.
 *
 * <p>Why flat arrays: every identified write passes through here, tens of thousands a second. A map of entry objects
 * (the first version) allocated three objects per write that lived for seconds, and the garbage collector's copying of
 * those was a large part of a write's cost (pauses of 55–75 ms every second or so under load). Here a write fills one
 * slot of a ring and one cell of an open-addressing index (linear probing, load at most 1/2); the slot's previous
 * occupant, the oldest answer, is dropped from the index as it is overwritten.
 *
 * <p>Why this layout: the memory is megabytes, far beyond the CPU's near caches, so its cost is the cache lines a write
 * touches at random. Each index cell holds the id's hash beside the slot number, so probing, inserting and dropping
 * (which moves later cells of a run back and needs each one's home cell) read the index alone: an indexed answer
 * touches two random lines, its own cell and the dropped one's, while the ring is written in order. (With the hash
 * kept only in the ring, every cell passed while probing cost another random read; a profile of 8-thread {@code set}
 * put this memory at a sixth of the partition threads' time.)
 *
 * <p>Why the index lags: nearly every write is the first attempt of an id made for it, which asks nothing of this
 * memory (see {@code MutatingProcessor}); a lookup comes only with a retry or a caller-given id. So a write only fills
 * its ring slot, and the index takes in the answers written since the last lookup when the next one comes, up to the
 * ring's size ({@link #catchUp}). Without lookups the index stays empty and a write touches no random line here; with a
 * lookup per write (every request carrying an {@code Idempotency-Key}) each answer is indexed once, as before. The
 * price: the first lookup after a long run of writes indexes the whole ring ({@link #CAPACITY} / partition threads
 * answers) — ~3 ms once, on the partition thread, after a failure or at the first caller-given id (measured with
 * 131,072 answers, the ring of each of 2 partition threads; a node on 2 cores runs one, with twice the ring).
 *
 * <p>Concurrency: none — confined to one thread.
 */
final class RecentResults {
    static final int CAPACITY = 1 << 18;
    static final long RETENTION_SECONDS = 60;
    /** Each partition thread's memory: created on its first use, sized by its member's partition threads. */
    private static final ThreadLocal<RecentResults> OF_THIS_THREAD = new ThreadLocal<>();

    /** Longs per ring slot: id high, id low, applied at (nanos), partition hash, key hash ({@link #keyHash}). */
    private static final int LONGS = 5;

    private final long retentionNanos;
    private final int slotMask;
    /** The ring, {@link #LONGS} longs a slot. */
    private final long[] slots;
    /** Per slot: what was answered. */
    private final Object[] results;
    /** Per cell: the id's hash (high 32 bits) and its ring slot + 1 (low 32 bits); 0 = empty. */
    private final long[] index;

    private final int indexMask;
    /** Answers remembered so far; answer {@code n} is in ring slot {@code n & slotMask} until answer {@code n + capacity}. */
    private long written;
    /**
     * Answers before this one are in the index (those still in the ring); later ones are not yet. So the index holds
     * the answers {@code [written - capacity, min(indexedTo, written))}.
     */
    private long indexedTo;

    /** One applied write: which key it wrote (an id reused for another key must not match) and what it answered. */
    record Answer(OperationId id, String key, Object result) {}

    RecentResults(int capacity, long retentionNanos) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.retentionNanos = retentionNanos;
        slotMask = capacity - 1;
        slots = new long[capacity * LONGS];
        results = new Object[capacity];
        index = new long[capacity * 2];
        indexMask = index.length - 1;
    }

    /**
     * The memory of the calling thread: a partition thread's, which belongs to one member (even with several members
     * in one JVM), {@code member}.
     */
    static RecentResults ofThisThread(HazelcastInstance member) {
        RecentResults mine = OF_THIS_THREAD.get();
        if (mine == null) {
            mine = new RecentResults(capacityPerThread(member), TimeUnit.SECONDS.toNanos(RETENTION_SECONDS));
            OF_THIS_THREAD.set(mine);
        }
        return mine;
    }

    /**
     * {@link #CAPACITY} shared among the member's partition threads (a node runs fewer than Hazelcast's default), in
     * powers of two.
     */
    private static int capacityPerThread(HazelcastInstance member) {
        return capacityPerThread(new HazelcastProperties(member.getConfig())
                .getInteger(ClusterProperty.PARTITION_OPERATION_THREAD_COUNT));
    }

    static int capacityPerThread(int partitionThreads) {
        return Math.max(1 << 14, Integer.highestOneBit(CAPACITY / Math.max(1, partitionThreads)));
    }

    /** The partition hash of an entry's key (which partition it is in), from the key's serialized form. */
    static int partitionHashOf(Map.Entry<String, ?> entry, HazelcastInstance member) {
        if (entry instanceof MutationOperation.OwnerEntry owned) {
            return owned.partitionHash;
        }
        if (entry instanceof QueryableEntry<?, ?> serialized) {
            return serialized.getKeyData().getPartitionHash();
        }
        return ((SerializationServiceSupport) member)
                .getSerializationService()
                .toData(entry.getKey())
                .getPartitionHash();
    }

    /**
     * Remembers that {@code id} answered {@code result} when it wrote {@code key} (of that partition hash), now. The
     * result is as kept ({@link Record#keepable}): every caller already has it so, for the backups it sends it to.
     */
    void remember(OperationId id, String key, Object result, int partitionHash) {
        remember(id.high(), id.low(), keyHash(key), result, partitionHash, System.nanoTime());
    }

    private void remember(long high, long low, long keyHash, Object result, int partitionHash, long at) {
        int slot = (int) (written & slotMask);
        long dropped = written - capacity(); // the answer this slot held, if any
        if (dropped >= 0 && dropped < indexedTo) {
            unindex(slot);
        }
        int base = slot * LONGS;
        slots[base] = high;
        slots[base + 1] = low;
        slots[base + 2] = at;
        slots[base + 3] = partitionHash;
        slots[base + 4] = keyHash;
        results[slot] = result;
        written++;
    }

    private int capacity() {
        return slotMask + 1;
    }

    /** Indexes the answers remembered since the last lookup, those still in the ring. */
    private void catchUp() {
        for (long n = Math.max(indexedTo, written - capacity()); n < written; n++) {
            int slot = (int) (n & slotMask);
            int hash = hash(slots[slot * LONGS], slots[slot * LONGS + 1]);
            int cell = hash & indexMask;
            while (index[cell] != 0) {
                cell = (cell + 1) & indexMask;
            }
            index[cell] = ((long) hash << 32) | (slot + 1);
        }
        indexedTo = written;
    }

    /** What {@code id} answered when it wrote {@code key}, or {@code null} when this member does not know it. */
    Answer find(OperationId id, String key) {
        int slot = slotOf(id.high(), id.low(), keyHash(key));
        return slot < 0 ? null : new Answer(id, key, results[slot]);
    }

    /** The ring slot of the fresh answer of that id for that key, or -1. */
    private int slotOf(long high, long low, long keyHash) {
        catchUp();
        int hash = hash(high, low);
        for (int cell = hash & indexMask; index[cell] != 0; cell = (cell + 1) & indexMask) {
            if ((int) (index[cell] >>> 32) != hash) {
                continue;
            }
            int slot = (int) index[cell] - 1;
            int base = slot * LONGS;
            if (slots[base] == high && slots[base + 1] == low) {
                boolean fresh = System.nanoTime() - slots[base + 2] <= retentionNanos;
                return fresh && slots[base + 4] == keyHash ? slot : -1;
            }
        }
        return -1;
    }

    /** The fresh answers for keys of the partitions {@code ofPartition} accepts (by partition hash), oldest first. */
    List<Handed> handOver(IntPredicate ofPartition) {
        List<Handed> out = new ArrayList<>();
        long now = System.nanoTime();
        for (long n = Math.max(0, written - capacity()); n < written; n++) {
            int slot = (int) (n & slotMask);
            int base = slot * LONGS;
            long age = now - slots[base + 2];
            int partitionHash = (int) slots[base + 3];
            if (age <= retentionNanos && ofPartition.test(partitionHash)) {
                out.add(new Handed(slots[base], slots[base + 1], slots[base + 4], results[slot], partitionHash, age));
            }
        }
        return out;
    }

    /** Remembers answers another member handed over, as old as they were there; ones known already stay as they are. */
    void takeOver(List<Handed> answers) {
        long now = System.nanoTime();
        for (Handed a : answers) {
            if (slotOf(a.high(), a.low(), a.keyHash()) < 0) {
                remember(a.high(), a.low(), a.keyHash(), a.result(), a.partitionHash(), now - a.ageNanos());
            }
        }
    }

    /** An answer on its way from one member to another, with its age there. */
    record Handed(long high, long low, long keyHash, Object result, int partitionHash, long ageNanos) {
        void writeTo(ObjectDataOutput out) throws IOException {
            out.writeLong(high);
            out.writeLong(low);
            out.writeLong(keyHash);
            out.writeObject(result);
            out.writeInt(partitionHash);
            out.writeLong(ageNanos);
        }

        static Handed readFrom(ObjectDataInput in) throws IOException {
            return new Handed(
                    in.readLong(), in.readLong(), in.readLong(), in.readObject(), in.readInt(), in.readLong());
        }
    }

    /** Removes ring slot {@code slot} from the index, shifting later cells of its probe run back (no tombstones). */
    private void unindex(int slot) {
        int cell = hash(slots[slot * LONGS], slots[slot * LONGS + 1]) & indexMask;
        while ((int) index[cell] != slot + 1) {
            cell = (cell + 1) & indexMask;
        }
        int hole = cell;
        index[hole] = 0;
        for (int j = (hole + 1) & indexMask; index[j] != 0; j = (j + 1) & indexMask) {
            int home = (int) (index[j] >>> 32) & indexMask;
            // Move j into the hole unless its home lies cyclically in (hole, j]: then the hole is not on its path.
            boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeBetween) {
                index[hole] = index[j];
                index[j] = 0;
                hole = j;
            }
        }
    }

    /**
     * A 64-bit hash of a key (FNV-1a over its chars), kept in the ring in place of the key. It tells an id reused for
     * another key apart as well as the key did (two keys collide by a chance of 2^-64, and only an id a caller reuses
     * for two keys could meet that). Keeping the key kept every written key's String alive until the ring wrapped,
     * and the collector copied them at every young collection: pauses under batches of sets went from 10–20 ms to
     * 7–8 ms with the hashes (2026-11-27).
     */
    static long keyHash(String key) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001B3L;
        }
        return h;
    }

    private static int hash(long high, long low) {
        long h = high * 0x9E3779B97F4A7C15L ^ low;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }
}
