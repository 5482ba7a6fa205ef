/**
 * Values and keys as bytes: the canonical JSON encoder, the json and string value codecs, the UTF-8 key order and the
 * counter format of {@code incrementBy}. Everything here must give identical bytes on every host, since stores compare
 * values and order keys by them. Internal: may change without notice.
 */
package io.gridkv.internal.codec;
