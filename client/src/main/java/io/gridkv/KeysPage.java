package io.gridkv;

import java.util.List;

/** One page of {@link Kv#scanKeys}: {@code {keys, cursor, done}}, with the same cursor rules as {@link ScanPage}. */
public record KeysPage(List<String> keys, String cursor, boolean done) {
    public KeysPage {
        keys = List.copyOf(keys);
    }
}
