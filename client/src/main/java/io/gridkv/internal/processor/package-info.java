/**
 * One entry processor per atomic operation, each run on the partition owner of its key. Internal: may change without
 * notice.
 *
 * <p>Common rules: a processor never throws for a data problem (a stored value that is not a counter, say); it returns
 * a {@link io.gridkv.internal.processor.ProcessorFailure} so the caller can raise the named error without Hazelcast
 * wrapping it. A processor that changes the entry hands its backups the resulting record through
 * {@link io.gridkv.internal.processor.ApplyBackupProcessor}; the logic itself never runs twice.
 */
package io.gridkv.internal.processor;
