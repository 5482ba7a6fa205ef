package io.gridkv.e2e;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridkv.Kv;
import io.gridkv.KvOptions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.jmeter.JMeter;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.reporters.ResultCollector;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three load tools at once against one cluster of three node processes, sharing one counter and one pool of keys:
 *
 * <ul>
 *   <li><b>Gatling</b> ({@link MultiToolSimulation}, Gatling's Java DSL) through a gridkv Java client, run in this JVM
 *       by Gatling's launcher ({@code io.gatling.app.Gatling.fromArgs});
 *   <li><b>JMeter</b> 5.6.3: the test plan {@code multitool.jmx} (HTTP samplers on the HTTP API of node 1), loaded with
 *       {@link SaveService#loadTree} and run in this JVM by {@link StandardJMeterEngine};
 *   <li><b>the k6 module</b> ({@code node/src/main/k6/gridkv.js}) under Node with its k6/http stand-in: the
 *       concurrency scenario of its tests, many VUs with a handle each, on node 2 ({@code src/test/k6/multitool-vus.mjs}).
 * </ul>
 *
 * <p>Each tool increments the counter {@value #COUNTER} once per round and claims a random key of the pool
 * ({@code pool:1..pool:}{@value #POOL}, created beforehand) with {@code deleteIfExists}, recording each claim that
 * answered {@code true}. All three are started, report themselves ready on a {@link MultiToolGate}, and are let go
 * together. Afterwards the state must be exact: the counter is the sum of the increments every tool saw acknowledged
 * (and each tool had every call acknowledged: nothing fails in this test), no key was claimed twice, within a tool or
 * across tools, and the claimed keys and the keys still in the store are the pool, exactly.
 *
 * <p>Why JMeter runs through its Java API and not through {@code jmeter-maven-plugin} 3.7.x in the
 * {@code integration-test} phase: the plugin runs JMeter in a JVM of its own against fixed hosts and ports from the
 * POM, while the cluster here is started by JUnit ({@link NodeProcesses}) on free ports, and the three tools must
 * start together and be checked together inside one test. The plan is still an ordinary {@code .jmx} (it opens in
 * JMeter's GUI with {@code -Jgridkv.host=... -Jgridkv.port=...}), and the engine is JMeter 5.6.3 from Maven Central
 * ({@code ApacheJMeter_core}, {@code ApacheJMeter_http}, and {@code ApacheJMeter_config} for its {@code bin/}
 * properties). The k6 part is skipped (the test is aborted, not failed) when no {@code node} is on the PATH.
 */
@Timeout(240)
class MultiToolIT {
    @RegisterExtension
    static final NodeProcesses NODES = new NodeProcesses(3);

    static final String STORE = "multitool";
    static final String COUNTER = "shared-counter";
    static final int POOL = 1_000;

    private static final int GATLING_USERS = 10;
    private static final int GATLING_ROUNDS = 100;
    private static final int JMETER_THREADS = 8;
    private static final int JMETER_ROUNDS = 100;
    private static final int NODE_VUS = 20;
    private static final int NODE_ROUNDS = 50;

    private static final long TOOL_TIMEOUT_SECONDS = 120;

    @Test
    void gatlingJMeterAndTheK6ModuleShareOneCounterAndOnePool() throws Exception {
        Path nodeExecutable = onPath("node");
        assumeTrue(nodeExecutable != null, "no node on the PATH: the k6 module's part cannot run");
        Path repository = Path.of("").toAbsolutePath().getParent();
        Path target = Path.of("target").toAbsolutePath();

        NODES.start();
        Kv kv = NODES.connect(KvOptions.builder().store(STORE).trackKeys(true).build());
        try {
            List<CompletableFuture<Boolean>> created = IntStream.rangeClosed(1, POOL)
                    .mapToObj(i -> kv.setIfAbsent("pool:" + i, Map.of("n", i)))
                    .collect(Collectors.toList());
            created.forEach(f -> assertTrue(await(f), "a fresh pool"));

            MultiToolGate gate = MultiToolGate.open(3);
            ExecutorService tools = Executors.newFixedThreadPool(2);
            Process node = null;
            try {
                Future<ToolResult> gatling = tools.submit(() -> runGatling(target));
                Future<ToolResult> jmeter = tools.submit(() -> runJMeter(target));
                Path nodeErrors = target.resolve("multitool-node.err");
                ProcessBuilder k6Script = new ProcessBuilder(
                                nodeExecutable.toString(),
                                "--import",
                                repository
                                        .resolve("node/src/main/k6/test/support/register.mjs")
                                        .toUri()
                                        .toString(),
                                repository
                                        .resolve("e2e/src/test/k6/multitool-vus.mjs")
                                        .toString())
                        .redirectError(nodeErrors.toFile());
                k6Script.environment()
                        .putAll(Map.of(
                                "GRIDKV_URL", NODES.httpUrl(2),
                                "GRIDKV_STORE", STORE,
                                "MULTITOOL_COUNTER", COUNTER,
                                "MULTITOOL_POOL", Integer.toString(POOL),
                                "MULTITOOL_VUS", Integer.toString(NODE_VUS),
                                "MULTITOOL_ROUNDS", Integer.toString(NODE_ROUNDS)));
                node = k6Script.start();
                BlockingQueue<String> nodeLines = lines(node.getInputStream());
                Process k6 = node;

                awaitReady(gate, List.of(gatling, jmeter), () -> {
                    if (!k6.isAlive()) {
                        throw new AssertionError("the k6 module's script exited with " + k6.exitValue() + ": "
                                + Files.readString(nodeErrors));
                    }
                    String line = nodeLines.poll();
                    if (line != null) {
                        assertEquals("ready", line, "the k6 module's script");
                        gate.arrived();
                    }
                });
                gate.letGo();
                try (Writer stdin = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
                    stdin.write("go\n");
                }

                ToolResult fromGatling = gatling.get(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                ToolResult fromJMeter = jmeter.get(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertTrue(node.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the k6 module's script ends");
                assertEquals(0, node.exitValue(), () -> "the k6 module's script: " + read(nodeErrors));
                List<String> out = new ArrayList<>();
                for (String line = nodeLines.poll(10, TimeUnit.SECONDS);
                        line != null && !line.equals(EOF);
                        line = nodeLines.poll(10, TimeUnit.SECONDS)) {
                    out.add(line);
                }
                ToolResult fromNode = ToolResult.parse("k6 module (Node)", out);

                check(
                        kv,
                        fromGatling,
                        GATLING_USERS * GATLING_ROUNDS,
                        fromJMeter,
                        JMETER_THREADS * JMETER_ROUNDS,
                        fromNode,
                        NODE_VUS * NODE_ROUNDS);
            } finally {
                gate.letGo(); // a tool still waiting at the gate goes on, and ends
                if (node != null && node.isAlive()) {
                    node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
                tools.shutdownNow();
                assertTrue(tools.awaitTermination(60, TimeUnit.SECONDS), "Gatling and JMeter ended");
            }
        } finally {
            await(kv.close());
        }
    }

    private static void check(
            Kv kv,
            ToolResult gatling,
            int gatlingCalls,
            ToolResult jmeter,
            int jmeterCalls,
            ToolResult node,
            int nodeCalls) {
        List<ToolResult> all = List.of(gatling, jmeter, node);
        for (ToolResult tool : all) {
            assertEquals(0, tool.failures, tool.name + ": calls that failed");
        }
        assertEquals(gatlingCalls, gatling.increments, "Gatling's acknowledged increments");
        assertEquals(jmeterCalls, jmeter.increments, "JMeter's acknowledged increments");
        assertEquals(nodeCalls, node.increments, "the k6 module's acknowledged increments");

        long counter = ((Number) await(kv.get(COUNTER))).longValue();
        long increments = all.stream().mapToLong(t -> t.increments).sum();

        List<String> claims = all.stream().flatMap(t -> t.claimed.stream()).collect(Collectors.toList());
        Set<String> claimed = new HashSet<>(claims);
        List<CompletableFuture<Boolean>> exists = IntStream.rangeClosed(1, POOL)
                .mapToObj(i -> kv.exists("pool:" + i))
                .collect(Collectors.toList());
        Set<String> remaining = new HashSet<>();
        for (int i = 1; i <= POOL; i++) {
            if (await(exists.get(i - 1))) {
                remaining.add("pool:" + i);
            }
        }
        long firstStart = all.stream().mapToLong(t -> t.first).max().orElseThrow();
        long firstEnd = all.stream().mapToLong(t -> t.last).min().orElseThrow();
        System.out.printf(
                "MultiToolIT: counter %d = %s increments; claimed %s = %d, remaining %d, pool %d;"
                        + " windows (ms after the first call) %s%n",
                counter,
                all.stream().map(t -> t.name + " " + t.increments).collect(Collectors.joining(" + ")),
                all.stream().map(t -> t.name + " " + t.claimed.size()).collect(Collectors.joining(" + ")),
                claims.size(),
                remaining.size(),
                POOL,
                windows(all));

        assertEquals(increments, counter, "the counter is every acknowledged increment, exactly");
        assertEquals(claims.size(), claimed.size(), () -> "keys claimed twice: " + twice(claims));
        assertTrue(Collections.disjoint(claimed, remaining), "a claimed key is gone");
        assertEquals(POOL, claimed.size() + remaining.size(), "claimed + remaining is the pool");
        assertEquals(remaining.size(), await(kv.count("pool:")), "count agrees");
        assertTrue(firstStart < firstEnd, () -> "every tool started before any tool finished: " + windows(all));
    }

    private static String windows(List<ToolResult> all) {
        long zero = all.stream().mapToLong(t -> t.first).min().orElseThrow();
        return all.stream()
                .map(t -> t.name + " " + (t.first - zero) + ".." + (t.last - zero))
                .collect(Collectors.joining(", "));
    }

    private static List<String> twice(List<String> claims) {
        Set<String> seen = new HashSet<>();
        return claims.stream().filter(k -> !seen.add(k)).collect(Collectors.toList());
    }

    /** Waits (bounded) until all three tools are at the gate, failing early when one of them has already failed. */
    private static void awaitReady(MultiToolGate gate, List<Future<ToolResult>> inProcess, Check outOfProcess)
            throws Exception {
        long deadline = System.nanoTime() + MultiToolGate.WAIT.toNanos();
        while (!gate.awaitAllReady(200, TimeUnit.MILLISECONDS)) {
            for (Future<ToolResult> tool : inProcess) {
                if (tool.isDone()) {
                    tool.get(); // throws what the tool failed with
                    fail("a tool ended before it was let go");
                }
            }
            outOfProcess.run();
            if (System.nanoTime() > deadline) {
                fail("the tools were not all ready within " + MultiToolGate.WAIT);
            }
        }
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }

    private static final String EOF = "\u0000eof";

    /** The lines of {@code in}, read by a daemon thread; {@link #EOF} after the last. */
    private static BlockingQueue<String> lines(InputStream in) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (var r =
                            new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        lines.add("read failed: " + e);
                    }
                    lines.add(EOF);
                },
                "multitool-node-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    // --- Gatling -------------------------------------------------------------------------------------------------

    private static ToolResult runGatling(Path target) throws IOException {
        Path out = target.resolve("multitool-gatling.txt");
        Files.deleteIfExists(out);
        String p = MultiToolSimulation.PREFIX;
        System.setProperty(p + "clusterName", NODES.clusterName());
        System.setProperty(p + "members", NODES.members());
        System.setProperty(p + "store", STORE);
        System.setProperty(p + "counter", COUNTER);
        System.setProperty(p + "pool", Integer.toString(POOL));
        System.setProperty(p + "gatling.users", Integer.toString(GATLING_USERS));
        System.setProperty(p + "gatling.rounds", Integer.toString(GATLING_ROUNDS));
        System.setProperty(p + "gatling.out", out.toString());
        System.setProperty("gatling.data.enableAnalytics", "false");
        int status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
            "-s", MultiToolSimulation.class.getName(),
            "-rf", target.resolve("gatling").toString(),
            "-nr",
        });
        assertEquals(0, status, "Gatling's exit status");
        return ToolResult.parse("Gatling", Files.readAllLines(out));
    }

    // --- JMeter --------------------------------------------------------------------------------------------------

    private static ToolResult runJMeter(Path target) throws Exception {
        Path home = target.resolve("jmeter-home");
        Files.createDirectories(home.resolve("bin"));
        for (String file : List.of(
                "jmeter.properties",
                "saveservice.properties",
                "upgrade.properties",
                "system.properties",
                "user.properties",
                "reportgenerator.properties")) {
            try (InputStream in = resource("bin/" + file)) {
                Files.copy(in, home.resolve("bin").resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        JMeterUtils.setJMeterHome(home.toString());
        JMeterUtils.loadJMeterProperties(home.resolve("bin/jmeter.properties").toString());
        JMeterUtils.initLocale();
        URI url = URI.create(NODES.httpUrl(1));
        JMeterUtils.setProperty("gridkv.host", url.getHost());
        JMeterUtils.setProperty("gridkv.port", Integer.toString(url.getPort()));
        JMeterUtils.setProperty("gridkv.store", STORE);
        JMeterUtils.setProperty("gridkv.counter", COUNTER);
        JMeterUtils.setProperty("gridkv.pool", Integer.toString(POOL));
        JMeterUtils.setProperty("gridkv.threads", Integer.toString(JMETER_THREADS));
        JMeterUtils.setProperty("gridkv.rounds", Integer.toString(JMETER_ROUNDS));

        HashTree plan = SaveService.loadTree(planFile());
        JMeter.convertSubTree(plan, false);
        Recorder recorder = new Recorder();
        plan.add(plan.getArray()[0], recorder);
        StandardJMeterEngine engine = new StandardJMeterEngine();
        engine.configure(plan);
        engine.run(); // returns once every thread has finished
        return recorder.result();
    }

    private static File planFile() throws URISyntaxException {
        return new File(MultiToolIT.class.getResource("/multitool.jmx").toURI());
    }

    private static InputStream resource(String name) {
        InputStream in = MultiToolIT.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the class path (ApacheJMeter_config)");
        }
        return in;
    }

    /**
     * The plan's listener, added by the test: at test start it waits at the gate (JMeter starts its threads only
     * after every test listener's {@code testStarted}); it records each sample's outcome. One instance for all
     * threads ({@code ResultCollector} is {@code NoThreadClone}).
     */
    public static final class Recorder extends ResultCollector {
        private static final long serialVersionUID = 1L;
        private static final String CLAIM = "deleteIfExists ";

        private final transient AtomicLong increments = new AtomicLong();
        private final transient AtomicLong failures = new AtomicLong();
        private final transient AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        private final transient AtomicLong last = new AtomicLong();
        private final transient ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        private final transient ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();

        public Recorder() {
            setName("gridkv multitool recorder");
        }

        @Override
        public void testStarted(String host) {
            try {
                MultiToolGate.current().arriveAndAwaitGo("jmeter");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void testEnded(String host) {}

        @Override
        public void sampleOccurred(SampleEvent event) {
            SampleResult sample = event.getResult();
            first.accumulateAndGet(sample.getStartTime(), Math::min);
            last.accumulateAndGet(sample.getEndTime(), Math::max);
            String label = sample.getSampleLabel();
            String body = sample.getResponseDataAsString().replace(" ", "");
            if (!"200".equals(sample.getResponseCode())) {
                failures.incrementAndGet();
                failed.add(label + ": " + sample.getResponseCode() + " " + body);
            } else if (label.equals("incrementBy")) {
                increments.incrementAndGet();
            } else if (label.startsWith(CLAIM)) {
                if (body.equals("{\"result\":true}")) {
                    claimed.add(label.substring(CLAIM.length()));
                } else if (!body.equals("{\"result\":false}")) {
                    failures.incrementAndGet();
                    failed.add(label + ": " + body);
                }
            } else {
                failures.incrementAndGet();
                failed.add("unexpected sample " + label);
            }
        }

        ToolResult result() {
            failed.stream().limit(10).forEach(f -> System.err.println("JMeter: " + f));
            return new ToolResult(
                    "JMeter", increments.get(), failures.get(), first.get(), last.get(), List.copyOf(claimed));
        }
    }

    // --- results -------------------------------------------------------------------------------------------------

    /** What one tool saw acknowledged: increments, failed calls, its first and last call, the claims it won. */
    static final class ToolResult {
        final String name;
        final long increments;
        final long failures;
        final long first;
        final long last;
        final List<String> claimed;

        ToolResult(String name, long increments, long failures, long first, long last, List<String> claimed) {
            this.name = name;
            this.increments = increments;
            this.failures = failures;
            this.first = first;
            this.last = last;
            this.claimed = claimed;
        }

        /** From the lines {@code increments N}, {@code failures N}, {@code first T}, {@code last T}, {@code claimed K}. */
        static ToolResult parse(String name, List<String> lines) {
            long increments = -1;
            long failures = -1;
            long first = -1;
            long last = -1;
            List<String> claimed = new ArrayList<>();
            for (String line : lines) {
                String[] parts = line.split(" ", 2);
                if (parts.length != 2) {
                    throw new AssertionError(name + " printed " + line);
                }
                switch (parts[0]) {
                    case "increments" -> increments = Long.parseLong(parts[1]);
                    case "failures" -> failures = Long.parseLong(parts[1]);
                    case "first" -> first = Long.parseLong(parts[1]);
                    case "last" -> last = Long.parseLong(parts[1]);
                    case "claimed" -> claimed.add(parts[1]);
                    default -> throw new AssertionError(name + " printed " + line);
                }
            }
            if (increments < 0 || failures < 0 || first < 0 || last < 0) {
                throw new AssertionError(name + " did not report everything: " + lines);
            }
            return new ToolResult(name, increments, failures, first, last, claimed);
        }
    }

    private static Path onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e + ")";
        }
    }
}
