/**
 * LevelDB for gridkv's files (snapshots, and later the durable {@code disk} backend): which engine runs here — the JNI
 * build of Google's LevelDB or the pure-Java iq80 port — and the rule that keeps each data directory with the engine
 * that wrote it. Start at {@link io.gridkv.internal.leveldb.LevelDbEngines}. Internal: may change without notice.
 */
package io.gridkv.internal.leveldb;
