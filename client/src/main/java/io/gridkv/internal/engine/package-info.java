/**
 * The implementation of {@link io.gridkv.Kv} on a {@code HazelcastInstance}: how each call becomes a Hazelcast
 * operation, how results and errors come back, and where continuations run. Internal: may change without notice.
 */
package io.gridkv.internal.engine;
