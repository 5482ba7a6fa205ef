package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.Arrays;

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

    private static final long[] NO_IDS = {};
    private static final Object[] NO_RESULTS = {};

    private byte[] value;
    private long version;
    /** Pairs of (high, low), oldest first. */
    private long[] ids = NO_IDS;
    /** The payload each operation answered, or a {@link ProcessorFailure} saying it was too large to keep. */
    private Object[] results = NO_RESULTS;

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
            next.ids = previous.ids;
            next.results = previous.results;
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
        int kept = Math.min(results.length, REMEMBERED_OPERATIONS - 1);
        int drop = results.length - kept;
        long[] newIds = Arrays.copyOfRange(ids, 2 * drop, 2 * results.length + 2);
        Object[] newResults = Arrays.copyOfRange(results, drop, results.length + 1);
        newIds[2 * kept] = id.high();
        newIds[2 * kept + 1] = id.low();
        newResults[kept] = keepable(result);
        ids = newIds;
        results = newResults;
    }

    private static Object keepable(Object result) {
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
        return indexOf(id) >= 0;
    }

    /** What operation {@code id} answered when it wrote this record; only meaningful when {@link #applied} holds. */
    Object resultOf(OperationId id) {
        return results[indexOf(id)];
    }

    private int indexOf(OperationId id) {
        for (int i = results.length - 1; i >= 0; i--) {
            if (ids[2 * i] == id.high() && ids[2 * i + 1] == id.low()) {
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
        out.writeInt(results.length);
        for (int i = 0; i < results.length; i++) {
            out.writeLong(ids[2 * i]);
            out.writeLong(ids[2 * i + 1]);
            out.writeObject(results[i]);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        version = in.readLong();
        value = in.readByteArray();
        int count = in.readInt();
        if (count > 0) {
            ids = new long[2 * count];
            results = new Object[count];
            for (int i = 0; i < count; i++) {
                ids[2 * i] = in.readLong();
                ids[2 * i + 1] = in.readLong();
                results[i] = in.readObject();
            }
        }
    }
}
