/**
 * The key index behind {@code trackKeys}: an ordered, counted replica of a store's key set on each participant.
 * Internal: may change without notice.
 */
package io.gridkv.internal.index;
