package io.gridkv.internal.disk;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.gridkv.internal.serialization.GridkvSerializerHook;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A step of a disk store's life that one member runs on its own files, sent through an executor service to one
 * member or to all: {@link Step#LOAD} coordinates a load, {@link Step#PUSH} offers this member's files to a load,
 * {@link Step#SYNC} forces what it queued to the device.
 */
public final class DiskTask implements Callable<Boolean>, IdentifiedDataSerializable, HazelcastInstanceAware {
    /** What the task does on the member it runs on. */
    public enum Step {
        LOAD,
        PUSH,
        SYNC
    }

    private Step step;
    private String store;
    private transient HazelcastInstance member;

    public DiskTask() {}

    public DiskTask(Step step, String store) {
        this.step = step;
        this.store = store;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public Boolean call() {
        switch (step) {
            case LOAD -> DiskLoad.runOn(member, store);
            case PUSH -> DiskLoad.push(member, store);
            case SYNC -> DiskStores.of(member).store(store).sync();
        }
        return Boolean.TRUE;
    }

    @Override
    public int getFactoryId() {
        return GridkvSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridkvSerializerHook.DISK_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(step.ordinal());
        out.writeString(store);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        step = Step.values()[in.readByte()];
        store = in.readString();
    }
}
