/**
 * Durable file-system steps shared by everything that writes files gridkv must not lose or half-write: fsync of files
 * and directories, whole-tree removal and sizing. Internal: may change without notice.
 */
package io.gridkv.internal.files;
