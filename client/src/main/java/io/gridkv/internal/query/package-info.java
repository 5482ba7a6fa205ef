/**
 * Member-side scans for stores without key tracking: predicates and aggregators that run where the data lives and
 * send back only what the caller needs. Internal: may change without notice.
 */
package io.gridkv.internal.query;
