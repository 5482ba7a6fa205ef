package io.gridkv.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The starting line of {@link MultiToolIT}: each load tool reports itself ready (its engine started, its connections
 * open) and waits until the test lets all of them go at once, so that their loads really overlap however long each
 * tool takes to start. Every wait is bounded.
 *
 * <p>A tool in this JVM calls {@link #arriveAndAwaitGo}; a tool in another process either has the test call
 * {@link #arrived()} for it and tell it to go itself (the k6 module's script, over stdin), or, if it can only make HTTP
 * calls (JMeter's plan, in the JVM jmeter-maven-plugin forks), waits at an {@link #openHttpDoor HTTP door}.
 */
final class MultiToolGate {
    static final Duration WAIT = Duration.ofSeconds(90);

    private static volatile MultiToolGate current;

    private final CountDownLatch ready;
    private final CountDownLatch go = new CountDownLatch(1);

    private MultiToolGate(int tools) {
        ready = new CountDownLatch(tools);
    }

    /** A new gate for {@code tools} tools, the one {@link #current()} returns from now on. */
    static MultiToolGate open(int tools) {
        current = new MultiToolGate(tools);
        return current;
    }

    static MultiToolGate current() {
        MultiToolGate gate = current;
        if (gate == null) {
            throw new IllegalStateException("no MultiToolGate: the tools are started by MultiToolIT");
        }
        return gate;
    }

    /** Called by a tool: it is ready; returns when every tool may start. */
    void arriveAndAwaitGo(String tool) throws InterruptedException {
        ready.countDown();
        if (!go.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(tool + " was not let go within " + WAIT);
        }
    }

    /** Called by the test on behalf of a tool in another process (which it tells to go itself). */
    void arrived() {
        ready.countDown();
    }

    /** Whether every tool arrived within {@code timeout}. */
    boolean awaitAllReady(long timeout, TimeUnit unit) throws InterruptedException {
        return ready.await(timeout, unit);
    }

    void letGo() {
        go.countDown();
    }

    /**
     * A door in the gate for {@code tool}: its first {@code GET http://127.0.0.1:{port}/{tool}} arrives at the gate and
     * is answered {@code 200 go} once the tools are let go, {@code 503} if they are not within {@link #WAIT}; any
     * further request is answered {@code 409} and does not count as an arrival.
     */
    HttpDoor openHttpDoor(String tool) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicBoolean arrived = new AtomicBoolean();
        HttpDoor door = new HttpDoor(server);
        server.createContext("/" + tool, exchange -> {
            int status;
            String body;
            if (!arrived.compareAndSet(false, true)) {
                status = 409;
                body = tool + " already arrived";
            } else {
                door.arrivedAt = System.nanoTime();
                try {
                    arriveAndAwaitGo(tool);
                    status = 200;
                    body = "go";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    status = 503;
                    body = "interrupted";
                } catch (IllegalStateException e) {
                    status = 503;
                    body = e.getMessage();
                }
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return door;
    }

    /** An open {@link #openHttpDoor HTTP door}; {@link #close()} after {@link #letGo()}, so no answer is cut off. */
    static final class HttpDoor implements AutoCloseable {
        private final HttpServer server;
        private volatile long arrivedAt;

        private HttpDoor(HttpServer server) {
            this.server = server;
        }

        int port() {
            return server.getAddress().getPort();
        }

        /** When the tool arrived, in {@link System#nanoTime()}; 0 while it has not. */
        long arrivedAt() {
            return arrivedAt;
        }

        @Override
        public void close() {
            server.stop(1);
        }
    }
}
