package io.gridkv.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node started with {@code --tls-cert}/{@code --tls-key} (the test-only pair in {@code src/test/resources/tls}):
 * its port speaks HTTPS only.
 */
@Timeout(60)
class TlsTest {
    private static SharedNode.Started node;
    private static Api https;

    @BeforeAll
    static void start() throws Exception {
        Path cert = resource("tls/cert.pem");
        Path key = resource("tls/key.pem");
        node = new SharedNode.Started(null, cert, key, SharedNode.MAX_BODY_BYTES, trusting(cert));
        https = node.api;
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TlsTest.class.getClassLoader().getResource(name).toURI());
    }

    /** A TLS context that trusts exactly the PEM certificate {@code cert}. */
    static SSLContext trusting(Path cert) throws IOException, GeneralSecurityException {
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(cert)) {
            certificate =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("gridkv-test", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Test
    void https_trustingTheCertificate_servesTheApi() {
        assertTrue(
                https.base().toString().startsWith("https://127.0.0.1:"),
                https.base().toString());
        String store = Api.uniqueStore("tls");
        assertEquals(
                7, https.result(store, "set", Api.body("key", "a", "value", 7)).intValue());
        assertEquals(7, https.result(store, "get", Api.body("key", "a")).intValue());
        assertEquals(200, https.get("/health/ready").status());
        assertEquals(200, https.get("/k6/gridkv.js").status());
    }

    @Test
    void https_withoutTrustingTheCertificate_fails() {
        Api untrusting = new Api(https.base().toString(), null, null);
        UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> untrusting.get("/health/live"));
        assertTrue(
                failure.getCause() instanceof javax.net.ssl.SSLException,
                () -> "not a TLS failure: " + failure.getCause());
    }

    @Test
    void plainHttp_toTheTlsPort_fails() {
        Api plain = new Api("http://127.0.0.1:" + https.port(), null, null);
        assertThrows(UncheckedIOException.class, () -> plain.get("/health/live"));
        try (RawHttp connection = new RawHttp(https.port())) {
            connection.send(RawHttp.request("GET", "/health/live", (String) null));
            assertThrows(UncheckedIOException.class, connection::read);
        }
    }
}
