package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;

/**
 * What a store map holds for one key: the serialized value, a version that grows with every write, and the ids and
 * results of the last operations that wrote it.
 *
 * <p>The value bytes are the store's canonical encoding (JSON or raw UTF-8); they are compared byte for byte by the
 * compare-and-swap family.
 *
 * <p>Why the operation ids: Hazelcast cannot tell whether a write whose member died was applied, and a caller that
 * retries it must not apply it twice (an increment counted twice). A retried operation finds its id here and gets its
 * first result back, changing nothing. The ids travel with the record to backups and through migrations, so they
 * survive the owner's death. Only the last {@value #REMEMBERED_OPERATIONS} are kept: a retry comes right after the
 * failure it answers, so it is recognised unless that many other writes to the same key came in between.
 *
 * <p>Immutable once built; the no-argument constructor exists for deserialization only.
 */
public final class Record implements IdentifiedDataSerializable {
    static final int REMEMBERED_OPERATIONS = 32;
    /** Results larger than this (a swapped-out value, say) are not kept: every write of the key copies them. */
    static final int MAX_REMEMBERED_RESULT_BYTES = 1024;

    private byte[] value;
    private long version;
    /** The last writers: entries {@code [max(0, writersEnd - 32), writersEnd)} of this buffer; {@code null}: none. */
    private Writers writers;

    private int writersEnd;

    /**
     * An append-only memory of writers, shared by the successive records of a key: a write appends one entry after the
     * previous record's and its record sees one more; older records never see past their own end, so they are
     * unchanged. Why not a list per record: copying 32 ids on every write, or walking a chain of 32 nodes scattered
     * over the heap every 32 writes (a cache miss each — a twelfth of a partition thread's time in a profile of
     * 8-thread {@code set}), cost more than the write itself. Here a write fills the next cells of two small arrays,
     * and every {@value #REMEMBERED_OPERATIONS} writes the newest are copied in order into a fresh buffer.
     *
     * <p>Only the record at the buffer's end may append (it is the key's current one); a write based on any other
     * record — one whose successor was dropped, say — copies first, so no record ever sees an entry it did not have.
     * Appends happen on the key's partition thread; readers on other threads (serialization) only read their own
     * range.
     */
    private static final class Writers {
        final long[] ids;
        final Object[] results;
        /** Entries appended so far. */
        int end;

        Writers(int capacity) {
            ids = new long[2 * capacity];
            results = new Object[capacity];
        }

        int capacity() {
            return results.length;
        }
    }

    public Record() {}

    public Record(byte[] value, long version) {
        this.value = value;
        this.version = version;
    }

    /**
     * The record replacing {@code previous} (which may be {@code null}) with {@code value}, written by operation
     * {@code id} that answered {@code result}.
     */
    static Record next(Record previous, byte[] value, OperationId id, Object result) {
        Record next = new Record(value, nextVersion(previous));
        if (previous != null) {
            next.writers = previous.writers;
            next.writersEnd = previous.writersEnd;
        }
        if (!id.isNone()) {
            next.remember(id, result);
        }
        return next;
    }

    /**
     * The version of whatever replaces {@code previous} — a record or, for disk stores, a deletion's tombstone: above
     * the previous one, and never below the wall clock in microseconds. Why the clock: a key deleted and written again
     * starts without a previous record here, yet its new value must outrank the deletion's tombstone that a disk
     * store may still hold on another member. (Deleting and re-creating a key within the clock skew between two
     * members, across a partition move, is the one case this can not order.)
     */
    public static long nextVersion(Record previous) {
        long now = System.currentTimeMillis() * 1000;
        return previous == null ? now : Math.max(previous.version + 1, now);
    }

    private void remember(OperationId id, Object result) {
        Writers w = writers;
        if (w == null || w.end != writersEnd || writersEnd == w.capacity()) {
            w = copyOfNewest(w == null ? 4 : Math.min(2 * w.capacity(), 2 * REMEMBERED_OPERATIONS));
        }
        int at = w.end;
        w.ids[2 * at] = id.high();
        w.ids[2 * at + 1] = id.low();
        w.results[at] = keepable(result);
        w.end = at + 1;
        writers = w;
        writersEnd = at + 1;
    }

    /** A fresh buffer of that capacity holding this record's newest writers, in order. */
    private Writers copyOfNewest(int capacity) {
        Writers copy = new Writers(capacity);
        int from = firstWriter();
        int n = writersEnd - from;
        if (n > 0) {
            System.arraycopy(writers.ids, 2 * from, copy.ids, 0, 2 * n);
            System.arraycopy(writers.results, from, copy.results, 0, n);
        }
        copy.end = n;
        writersEnd = n;
        return copy;
    }

    /** Where this record's remembered writers begin in its buffer. */
    private int firstWriter() {
        return Math.max(0, writersEnd - REMEMBERED_OPERATIONS);
    }

    static Object keepable(Object result) {
        if (result instanceof byte[] bytes && bytes.length > MAX_REMEMBERED_RESULT_BYTES) {
            return new ProcessorFailure(new KvException(
                    KvError.UnknownError,
                    "this operation had already been applied (a retry after a member failure found it); its first"
                            + " result was too large to keep"));
        }
        return result;
    }

    /** Whether operation {@code id} wrote this record (one of the last ones that did). */
    boolean applied(OperationId id) {
        return writer(id) >= 0;
    }

    /** What operation {@code id} answered when it wrote this record; only meaningful when {@link #applied} holds. */
    Object resultOf(OperationId id) {
        return writers.results[writer(id)];
    }

    /** The buffer position of operation {@code id} among this record's writers, or -1. */
    private int writer(OperationId id) {
        for (int i = writersEnd - 1; i >= firstWriter(); i--) {
            if (writers.ids[2 * i] == id.high() && writers.ids[2 * i + 1] == id.low()) {
                return i;
            }
        }
        return -1;
    }

    public byte[] value() {
        return value;
    }

    public long version() {
        return version;
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(version);
        out.writeByteArray(value);
        int from = firstWriter();
        out.writeInt(writersEnd - from);
        for (int i = from; i < writersEnd; i++) {
            out.writeLong(writers.ids[2 * i]);
            out.writeLong(writers.ids[2 * i + 1]);
            out.writeObject(writers.results[i]);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        version = in.readLong();
        value = in.readByteArray();
        int count = in.readInt();
        if (count == 0) {
            return;
        }
        writers = new Writers(count);
        for (int i = 0; i < count; i++) {
            writers.ids[2 * i] = in.readLong();
            writers.ids[2 * i + 1] = in.readLong();
            writers.results[i] = in.readObject();
        }
        writers.end = count;
        writersEnd = count;
    }
}
