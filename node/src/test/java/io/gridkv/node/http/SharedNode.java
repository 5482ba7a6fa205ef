package io.gridkv.node.http;

import io.gridkv.node.Node;
import io.gridkv.node.testing.TestNodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The plain node (no token, no TLS) the HTTP test classes share, because a node start costs seconds: started on first
 * use, closed when the whole run ends (JUnit closes root-store values). Resolves {@link Api} parameters. Tests keep
 * out of each other's way by using store names of their own ({@link Api#uniqueStore}).
 *
 * <p>Its body limit is {@link #MAX_BODY_BYTES}, small enough to test {@code 413} cheaply and large enough for a batch
 * of 10,001 one-byte operations.
 */
final class SharedNode implements ParameterResolver {
    static final long MAX_BODY_BYTES = 64 * 1024;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Api.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(SharedNode.class))
                .getOrComputeIfAbsent(Started.class, k -> new Started(), Started.class)
                .api;
    }

    /** A node in a data directory of its own, both removed on close. */
    static final class Started implements AutoCloseable {
        final Path dataDir;
        final Node node;
        final Api api;

        /**
         * @param ssl how {@link #api} trusts a TLS node ({@code tlsCert} given), else null
         */
        Started(String authToken, Path tlsCert, Path tlsKey, long maxBodyBytes, SSLContext ssl) {
            try {
                dataDir = Files.createTempDirectory("gridkv-http-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            node = TestNodes.start(TestNodes.settings(dataDir, authToken, tlsCert, tlsKey, maxBodyBytes));
            api = new Api(node.httpUrl(), ssl, null);
        }

        private Started() {
            this(null, null, null, MAX_BODY_BYTES, null);
        }

        @Override
        public void close() throws IOException {
            node.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
