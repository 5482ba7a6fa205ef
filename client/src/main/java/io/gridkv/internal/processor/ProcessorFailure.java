package io.gridkv.internal.processor;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;

/**
 * A named error found on the partition owner, carried back as a value: an exception thrown there would reach a
 * client as Hazelcast's generic wrapper and lose its name.
 */
public final class ProcessorFailure implements IdentifiedDataSerializable {
    private String name;
    private String message;

    public ProcessorFailure() {}

    ProcessorFailure(KvException e) {
        this.name = e.name();
        this.message = e.getMessage();
    }

    /**
     * The error for the caller, without a stack trace ({@link AnsweredError}): what failed, failed on the owner, and a
     * trace made here would only show the answer's way back.
     */
    public KvException toException() {
        return new AnsweredError(KvError.valueOf(name), message);
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.PROCESSOR_FAILURE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(name);
        out.writeString(message);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        name = in.readString();
        message = in.readString();
    }
}
