package io.gridkv.internal.codec;

/** An object member or map entry, its key already text, on its way to being sorted by key. */
record Member(String key, Object value) {}
