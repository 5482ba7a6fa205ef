package io.gridkv.internal.processor;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.KvException;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.util.Map;

/**
 * The shape every mutating processor shares: read the record, decide, write through {@link #write} or
 * {@link #remove}, answer a {@link ProcessorResult}.
 *
 * <p>Backups: Hazelcast asks the primary's processor for its backup processor after {@code process} ran, so the
 * primary hands over the record it wrote (or the removal) and backups apply exactly that. A processor that changed
 * nothing sends no backup at all.
 */
abstract class MutatingProcessor
        implements EntryProcessor<String, Record, ProcessorResult>, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;

    private transient boolean changed;
    private transient Record written;

    @Override
    public final ProcessorResult process(Map.Entry<String, Record> entry) {
        try {
            return apply(entry, entry.getValue());
        } catch (KvException e) {
            return new ProcessorResult(Effect.NONE, new ProcessorFailure(e));
        }
    }

    /** Applies the operation to {@code current} (the entry's record, {@code null} when the key is absent). */
    abstract ProcessorResult apply(Map.Entry<String, Record> entry, Record current);

    /** Stores {@code value} as the key's new record; returns the effect on the key's presence. */
    final Effect write(Map.Entry<String, Record> entry, Record current, byte[] value) {
        written = Record.next(current, value);
        changed = true;
        entry.setValue(written);
        return current == null ? Effect.ADDED : Effect.NONE;
    }

    final Effect remove(Map.Entry<String, Record> entry) {
        written = null;
        changed = true;
        entry.setValue(null);
        return Effect.REMOVED;
    }

    static ProcessorResult result(Effect effect, Object payload) {
        return new ProcessorResult(effect, payload);
    }

    @Override
    public final EntryProcessor<String, Record, ProcessorResult> getBackupProcessor() {
        return changed ? new ApplyBackupProcessor(written) : null;
    }

    @Override
    public final int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }
}
