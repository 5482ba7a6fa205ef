package io.gridkv;

import java.util.List;

/**
 * One page of {@link Kv#scan}: {@code {entries, cursor, done}}. {@code done} is true exactly when {@code cursor} is
 * {@code ""}; otherwise pass {@code cursor} to the next call to continue strictly after the last entry.
 */
public record ScanPage(List<Entry> entries, String cursor, boolean done) {
    public ScanPage {
        entries = List.copyOf(entries);
    }
}
