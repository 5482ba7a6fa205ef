package io.gridkv.internal.codec;

import java.util.Arrays;

/**
 * A growable byte buffer for the encoders. Not {@code ByteArrayOutputStream}: its methods are synchronized and it has
 * no way to write a code point as UTF-8.
 */
final class ByteSink {
    private byte[] buf;
    private int size;

    ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    void write(int b) {
        if (size == buf.length) {
            grow(1);
        }
        buf[size++] = (byte) b;
    }

    void write(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    /** Writes a string known to be ASCII (number text, fixed tokens) one byte per char. */
    void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    /** Writes the UTF-8 form of a code point; a surrogate value gets its 3-byte form, as for any BMP value. */
    void writeCodePoint(int cp) {
        ensure(4);
        if (cp < 0x80) {
            buf[size++] = (byte) cp;
        } else if (cp < 0x800) {
            buf[size++] = (byte) (0xC0 | (cp >>> 6));
            buf[size++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            buf[size++] = (byte) (0xE0 | (cp >>> 12));
            buf[size++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
            buf[size++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            buf[size++] = (byte) (0xF0 | (cp >>> 18));
            buf[size++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
            buf[size++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
            buf[size++] = (byte) (0x80 | (cp & 0x3F));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int extra) {
        if (buf.length - size < extra) {
            grow(extra);
        }
    }

    private void grow(int extra) {
        long wanted = Math.max((long) buf.length * 2, (long) size + extra);
        if (wanted > Integer.MAX_VALUE - 8) {
            if ((long) size + extra > Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("encoded value exceeds the maximum array size");
            }
            wanted = Integer.MAX_VALUE - 8;
        }
        buf = Arrays.copyOf(buf, (int) wanted);
    }
}
