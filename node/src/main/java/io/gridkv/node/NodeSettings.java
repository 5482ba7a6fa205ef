package io.gridkv.node;

import io.gridkv.cluster.ClusterSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a node is started with: its cluster membership and its HTTP endpoint.
 *
 * @param cluster the member's cluster name, ports, members to join and backup count
 * @param httpHost the address the HTTP API listens on ({@code 0.0.0.0}: every interface)
 * @param httpPort the HTTP API's port; 0 picks a free one
 * @param dataDir where the node keeps its files: its member's disk stores, and in {@link #snapshotDir()} the snapshots
 *     named over HTTP
 * @param authToken when not null, every {@code /v1} call must carry {@code Authorization: Bearer <token>}
 * @param tlsCert PEM certificate chain; with {@code tlsKey} the HTTP port speaks HTTPS only
 * @param tlsKey PEM private key of {@code tlsCert}
 * @param maxBodyBytes the largest request body accepted; larger ones get {@code 413 RequestTooLargeError}
 */
public record NodeSettings(
        ClusterSettings cluster,
        String httpHost,
        int httpPort,
        Path dataDir,
        String authToken,
        Path tlsCert,
        Path tlsKey,
        long maxBodyBytes) {
    public static final int DEFAULT_HTTP_PORT = 7070;
    public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;

    public NodeSettings {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(dataDir, "dataDir");
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("--http-port must be 0..65535, not " + httpPort);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both or neither");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "--max-body-bytes must be 1024.." + Integer.MAX_VALUE + ", not " + maxBodyBytes);
        }
        if (authToken != null && authToken.isBlank()) {
            throw new IllegalArgumentException("--auth-token must not be blank");
        }
    }

    /** The subdirectory of {@link #dataDir()} that holds snapshots. */
    public static final String SNAPSHOT_DIR = "snapshots";

    /**
     * Where {@code backup} and {@code restore} over HTTP write and read snapshots, each named by one plain entry of it.
     * A directory of its own, not the data directory itself: there the member keeps its own files ({@code disk/}, and
     * {@code disk-staged/} at start-up), which no snapshot name may ever reach, nor any the node adds later.
     */
    public Path snapshotDir() {
        return dataDir.resolve(SNAPSHOT_DIR);
    }

    /** Whether the HTTP port speaks HTTPS. */
    public boolean tls() {
        return tlsCert != null;
    }
}
