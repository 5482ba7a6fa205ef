/** Hazelcast serialization ids of every gridkv class that crosses the network. Internal: may change without notice. */
package io.gridkv.internal.serialization;
