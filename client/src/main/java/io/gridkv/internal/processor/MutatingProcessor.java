package io.gridkv.internal.processor;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.disk.DiskRecord;
import io.gridkv.internal.disk.DiskStore;
import io.gridkv.internal.disk.DiskStores;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * The shape every mutating processor shares: read the record, decide, write through {@link #write} or
 * {@link #remove}, answer a {@link ProcessorResult}.
 *
 * <p>Exactly once: a processor carrying an {@link OperationId} that already wrote the key answers its first result and
 * changes nothing. This member remembers what it applied lately ({@link RecentResults}; not asked by the first attempt
 * of an id made for the call, see {@link #fresh}); the record remembers its last writers' ids ({@link Record}) for an
 * attempt marked {@link #retry} — the memory that moves with the key when its owner dies. The member's memory is kept
 * by the backups too and moves with the partition (see {@link RecentResultsMigration}). A removal leaves no record to
 * remember it by, so a retried removal is told by {@link #retry} and decides for itself what an absent key means.
 *
 * <p>Where it runs: in {@link MutationOperation} when a member calls, in Hazelcast's entry operation when a client does.
 *
 * <p>Backups: Hazelcast asks the primary's processor for its backup processor after {@code process} ran, so the
 * primary hands over the record it wrote (or the removal) and backups apply exactly that. A processor that changed
 * nothing sends no backup at all.
 *
 * <p>Disk stores: the record (or the removal's tombstone) is queued for the owner's files on the partition thread,
 * never waited for there, and applied; the answer names the queued write, and the caller waits for it to be on disk
 * before answering its own caller ({@link ProcessorResult#diskMember}). So other callers may read a value a moment
 * before it is on disk — as with Redis's {@code appendfsync always} — but no caller hears "done" before it is.
 */
public abstract class MutatingProcessor
        implements EntryProcessor<String, Record, ProcessorResult>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    /** The store whose map this runs on: a backup or restore of it may refuse the write (see {@link StoreBlocks}). */
    private String store;

    private Durability durability = Durability.MEMORY;
    private OperationId id = OperationId.NONE;
    /** Whether an earlier attempt of this operation may have been applied. */
    boolean retry;
    /**
     * Whether the id was made for this call and this is its first attempt: then no memory can know it, and the lookup
     * of the member's memory is skipped — and with it that memory's indexing of the answers remembered since its last
     * lookup, random writes into a large table ({@link RecentResults}). A caller-given id (an HTTP
     * {@code Idempotency-Key}) is never fresh: the same request may have come before.
     */
    private boolean fresh;

    /** The member this runs on (Hazelcast sets it before {@code process}). */
    private transient HazelcastInstance member;

    private transient boolean changed;
    private transient byte[] writtenValue;
    private transient Record written;
    /** What a disk store's files get for this write (the record, or the removal's tombstone). */
    private transient DiskRecord onDisk;
    /** What this identified write answered, for the backups' memories of recent answers. */
    private transient Object answered;

    /** Gives this (not yet sent) processor its store, what it owes the disk and its operation's identity; returns it. */
    public final MutatingProcessor identified(String store, Durability durability, OperationId id, boolean retry) {
        this.store = store;
        this.durability = durability;
        this.id = id;
        this.retry = retry;
        this.fresh = false;
        return this;
    }

    /** Marks this attempt as the first of an id made for it (see {@link #fresh}); returns it. */
    public final MutatingProcessor fresh() {
        this.fresh = !retry;
        return this;
    }

    @Override
    public final void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public final ProcessorResult process(Map.Entry<String, Record> entry) {
        // Hazelcast may run one instance twice (a local call retried after its member left): start clean.
        changed = false;
        writtenValue = null;
        written = null;
        onDisk = null;
        answered = null;
        if (member != null) {
            PauseFence.of(member).check();
        }
        Record current = entry.getValue();
        if (!id.isNone()) {
            // Effect NONE on a repeat: the key's presence changed (if at all) when the operation first ran.
            RecentResults.Answer applied = member != null && !fresh ? recent().find(id, entry.getKey()) : null;
            if (applied != null) {
                return onceOnDisk(new ProcessorResult(Effect.NONE, applied.result()));
            }
            // The record's own memory is what survives its owner's death, and an attempt after an unknown outcome
            // says it is one (retry); a first attempt skips the walk, a tenth of a write's cost when measured.
            if (retry && current != null && current.applied(id)) {
                return onceOnDisk(new ProcessorResult(Effect.NONE, current.resultOf(id)));
            }
        }
        if (member != null && store != null) {
            // After the id checks: an operation applied before the block still answers its result.
            KvException refusal = StoreBlocks.of(member).mutationRefusal(store);
            if (refusal != null) {
                return new ProcessorResult(Effect.NONE, new ProcessorFailure(refusal));
            }
        }
        if (durability == Durability.READ_ONLY) {
            return new ProcessorResult(Effect.NONE, new ProcessorFailure(readOnly(store)));
        }
        ProcessorResult result;
        try {
            result = apply(current);
        } catch (KvException e) {
            return new ProcessorResult(Effect.NONE, new ProcessorFailure(e));
        }
        if (changed) {
            written = writtenValue == null ? null : Record.next(current, writtenValue, id, result.payload());
            if (durability.writes() && member != null) {
                onDisk = written != null
                        ? new DiskRecord(written.version(), written.value())
                        : DiskRecord.tombstone(Record.nextVersion(current));
                // Before the map changes: files that refuse writes refuse this one, and the caller hears why.
                try {
                    result.owingDisk(self(), disk().queue(entry.getKey(), onDisk, durability == Durability.SYNC));
                } catch (KvException e) {
                    changed = false;
                    return new ProcessorResult(Effect.NONE, new ProcessorFailure(e));
                }
            }
            entry.setValue(written);
            if (!id.isNone() && member != null) {
                answered = Record.keepable(result.payload()); // what backups get: no large answer they won't keep
                recent().remember(id, entry.getKey(), answered, RecentResults.partitionHashOf(entry, member));
            }
        }
        return result;
    }

    /**
     * An answer given again: its write was queued by the first attempt — here, or on the member this one took over
     * from, whose backup copy reached this member's files unsynced. A sync queued now covers both.
     */
    private ProcessorResult onceOnDisk(ProcessorResult answer) {
        if (!durability.writes() || member == null) {
            return answer;
        }
        return answer.owingDisk(self(), disk().queueSync());
    }

    private UUID self() {
        return member.getCluster().getLocalMember().getUuid();
    }

    private DiskStore disk() {
        return DiskStores.of(member).store(store);
    }

    public static KvException readOnly(String store) {
        return new KvException(
                KvError.StoreReadOnlyError, "store \"" + store + "\" was opened read-only (disk.readOnly)");
    }

    private RecentResults recent() {
        return RecentResults.ofThisThread(member);
    }

    /** Applies the operation to {@code current} (the key's record, {@code null} when it is absent). */
    abstract ProcessorResult apply(Record current);

    /** Makes {@code value} the key's new value; returns the effect on the key's presence. */
    final Effect write(Record current, byte[] value) {
        writtenValue = value;
        changed = true;
        return current == null ? Effect.ADDED : Effect.NONE;
    }

    final Effect remove() {
        writtenValue = null;
        changed = true;
        return Effect.REMOVED;
    }

    /** What a retried conditional removal answers when it finds the key gone: it can't tell who removed it. */
    static KvException ambiguousRemoval() {
        return new KvException(
                KvError.UnknownError,
                "outcome unknown: a member failed while this call ran, and its retry found the key already deleted —"
                        + " by this call or by another, the cluster cannot tell");
    }

    static ProcessorResult result(Effect effect, Object payload) {
        return new ProcessorResult(effect, payload);
    }

    @Override
    public final EntryProcessor<String, Record, ProcessorResult> getBackupProcessor() {
        if (!changed) {
            return null;
        }
        return new ApplyBackupProcessor(written, onDisk == null ? null : store, onDisk, id, answered);
    }

    @Override
    public final int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public final void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(store);
        out.writeByte(durability.ordinal());
        out.writeLong(id.high());
        out.writeLong(id.low());
        out.writeByte((retry ? 1 : 0) | (fresh ? 2 : 0));
        writeArguments(out);
    }

    @Override
    public final void readData(ObjectDataInput in) throws IOException {
        store = in.readString();
        durability = Durability.values()[in.readByte()];
        id = new OperationId(in.readLong(), in.readLong());
        byte attempt = in.readByte();
        retry = (attempt & 1) != 0;
        fresh = (attempt & 2) != 0;
        readArguments(in);
    }

    abstract void writeArguments(ObjectDataOutput out) throws IOException;

    abstract void readArguments(ObjectDataInput in) throws IOException;
}
