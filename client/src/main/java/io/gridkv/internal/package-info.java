/**
 * The engine behind {@link io.gridkv.Kv}. Everything under {@code io.gridkv.internal} is internal: it may change in any
 * release without notice, and no public signature of {@code io.gridkv} exposes it.
 */
package io.gridkv.internal;
