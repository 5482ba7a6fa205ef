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
    /** The last writers, newest first; {@code null} when none is known. */
    private Writer writers;

    /**
     * One remembered writer: its operation id and what it answered (or a {@link ProcessorFailure} saying the answer was
     * too large to keep). Immutable, and shared by the successive records of a key, so a write adds one node instead
     * of copying the whole list; the chain is cut back to the newest {@value #REMEMBERED_OPERATIONS} once it reaches
     * twice that length. Only the newest {@value #REMEMBERED_OPERATIONS} ever count.
     */
    private record Writer(long high, long low, Object result, Writer older, int length) {}

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
        int length = writers == null ? 1 : writers.length() + 1;
        writers = new Writer(id.high(), id.low(), keepable(result), writers, length);
        if (length >= 2 * REMEMBERED_OPERATIONS) {
            writers = rebuild(newest(), REMEMBERED_OPERATIONS);
        }
    }

    /** The newest {@value #REMEMBERED_OPERATIONS} writers, oldest first. */
    private Writer[] newest() {
        int n = writers == null ? 0 : Math.min(writers.length(), REMEMBERED_OPERATIONS);
        Writer[] out = new Writer[n];
        Writer w = writers;
        for (int i = n - 1; i >= 0; i--) {
            out[i] = w;
            w = w.older();
        }
        return out;
    }

    /** A fresh chain of the first {@code n} of {@code oldestFirst}, newest at its head. */
    private static Writer rebuild(Writer[] oldestFirst, int n) {
        Writer chain = null;
        for (int i = 0; i < n; i++) {
            Writer w = oldestFirst[i];
            chain = new Writer(w.high(), w.low(), w.result(), chain, i + 1);
        }
        return chain;
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
        return writer(id) != null;
    }

    /** What operation {@code id} answered when it wrote this record; only meaningful when {@link #applied} holds. */
    Object resultOf(OperationId id) {
        return writer(id).result();
    }

    private Writer writer(OperationId id) {
        Writer w = writers;
        for (int i = 0; i < REMEMBERED_OPERATIONS && w != null; i++, w = w.older()) {
            if (w.high() == id.high() && w.low() == id.low()) {
                return w;
            }
        }
        return null;
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
        Writer[] kept = newest();
        out.writeInt(kept.length);
        for (Writer w : kept) {
            out.writeLong(w.high());
            out.writeLong(w.low());
            out.writeObject(w.result());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        version = in.readLong();
        value = in.readByteArray();
        int count = in.readInt();
        Writer chain = null;
        for (int i = 0; i < count; i++) {
            chain = new Writer(in.readLong(), in.readLong(), in.readObject(), chain, i + 1);
        }
        writers = chain;
    }
}
