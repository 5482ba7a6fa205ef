package io.gridkv.internal.disk;

import java.nio.ByteBuffer;

/**
 * A key's state as a disk store keeps it: its record's version and value, or a tombstone (no value) saying it was
 * deleted at that version. Encoded as one byte (1 value, 0 tombstone), the version (8 bytes, big-endian) and the value.
 *
 * <p>Why tombstones: after partitions moved, several members' files hold some version of a key; when the cluster
 * restarts, the highest version wins, and a deletion must win over the older values it removed.
 *
 * @param version the record's version ({@code Record#version()}); a tombstone's is one more than the deleted record's
 * @param value the stored bytes, {@code null} for a tombstone
 */
public record DiskRecord(long version, byte[] value) {
    private static final byte TOMBSTONE = 0;
    private static final byte VALUE = 1;

    public static DiskRecord tombstone(long version) {
        return new DiskRecord(version, null);
    }

    byte[] encode() {
        int length = value == null ? 0 : value.length;
        ByteBuffer out = ByteBuffer.allocate(1 + Long.BYTES + length);
        out.put(value == null ? TOMBSTONE : VALUE).putLong(version);
        if (value != null) {
            out.put(value);
        }
        return out.array();
    }

    static DiskRecord decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte kind = in.get();
        long version = in.getLong();
        if (kind == TOMBSTONE) {
            return tombstone(version);
        }
        byte[] value = new byte[in.remaining()];
        in.get(value);
        return new DiskRecord(version, value);
    }
}
