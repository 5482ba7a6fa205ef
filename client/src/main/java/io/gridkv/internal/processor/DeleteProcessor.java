package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;

/**
 * {@code delete} and {@code deleteIfExists}: removes the key and answers whether it existed ({@code Boolean}). Runs on
 * the key's owner; backups receive the removal only when there was something to remove.
 *
 * <p>A retry that finds the key absent cannot know whether its first attempt removed it (a removed record remembers
 * nothing). For {@code delete} that does not matter — it answers the same either way. {@code deleteIfExists} promises
 * one winner, so it answers {@link MutatingProcessor#ambiguousRemoval} rather than guess.
 */
public final class DeleteProcessor extends MutatingProcessor {
    private static final long serialVersionUID = 1L;

    private boolean reportsExisted;

    public DeleteProcessor() {}

    /** @param reportsExisted whether the caller is told if the key existed ({@code deleteIfExists}) */
    public DeleteProcessor(boolean reportsExisted) {
        this.reportsExisted = reportsExisted;
    }

    @Override
    ProcessorResult apply(Record current) {
        if (current == null) {
            if (retry && reportsExisted) {
                throw ambiguousRemoval();
            }
            return result(Effect.NONE, Boolean.FALSE);
        }
        return result(remove(), Boolean.TRUE);
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.DELETE;
    }

    @Override
    void writeArguments(ObjectDataOutput out) throws IOException {
        out.writeBoolean(reportsExisted);
    }

    @Override
    void readArguments(ObjectDataInput in) throws IOException {
        reportsExisted = in.readBoolean();
    }
}
