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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three load tools at once against one cluster of three node processes, sharing one counter and one pool of keys:
 *
 * <ul>
 *   <li><b>Gatling</b> ({@link MultiToolSimulation}, Gatling's Java DSL) through a gridkv Java client, run in this JVM
 *       by Gatling's launcher ({@code io.gatling.app.Gatling.fromArgs});
 *   <li><b>JMeter</b> 5.6.3: the test plan {@code src/test/jmeter/multitool.jmx} (HTTP samplers on the HTTP API of
 *       node 1), run by <b>jmeter-maven-plugin</b> 3.7.0: this test starts a child Maven,
 *       {@code mvn -o -f e2e/pom.xml jmeter:jmeter@multitool}, whose plugin forks JMeter's own JVM;
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
 * <p>How JMeter is run. The cluster is started here, on free ports, so the plugin cannot run the plan in the
 * {@code integration-test} phase: e2e/pom.xml binds only the plugin's {@code configure} goal (phase
 * {@code pre-integration-test}: it resolves the plugin and JMeter from Maven Central and lays JMeter out under
 * {@code target/}), and declares the execution {@code multitool} of its {@code jmeter} goal bound to no phase. This test
 * writes the plan's settings (node 1's host and port, store, counter, pool, threads, rounds, the gate's port) to a
 * JMeter properties file, which the execution passes to JMeter with {@code -q}, and runs that execution in a child
 * Maven, offline, on the outer build's local repository and JDK. The plan's setUp thread group waits at the gate
 * through an {@link MultiToolGate#openHttpDoor HTTP door} before its callers start. The child's output goes to
 * {@code target/multitool-jmeter.log}; it must exit 0 within the tools' timeout and is killed, with the JMeter JVM it
 * forked, whatever happens. JMeter's part is read from the plugin's results file,
 * {@code target/jmeter/results/multitool.csv}: one row per sample, with the response code and, for a claim, the
 * variable {@code claim} (the answer, extracted by the plan; a column through {@code sample_variables}). A missing row
 * or any answer but 200 fails the test. The child Maven and JMeter are at the gate 5 to 8 s after the start (two
 * cores; the test prints it), while the other tools start too.
 *
 * <p>The k6 part is skipped (the test is aborted, not failed) when no {@code node} is on the PATH.
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
            MultiToolGate.HttpDoor jmeterDoor = gate.openHttpDoor("jmeter");
            ExecutorService tools = Executors.newSingleThreadExecutor();
            Process node = null;
            Process jmeter = null;
            try {
                Future<ToolResult> gatling = tools.submit(() -> runGatling(target));
                long jmeterStarted = System.nanoTime();
                jmeter = startJMeter(target, jmeterDoor.port());
                Process jmeterMaven = jmeter;
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

                awaitReady(gate, List.of(gatling), () -> {
                    if (!jmeterMaven.isAlive()) {
                        throw new AssertionError("JMeter's Maven exited with " + jmeterMaven.exitValue()
                                + " before the start: " + tail(target.resolve(JMETER_LOG)));
                    }
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
                System.out.printf(
                        "MultiToolIT: JMeter at the gate %d ms after its Maven was started%n",
                        TimeUnit.NANOSECONDS.toMillis(jmeterDoor.arrivedAt() - jmeterStarted));
                gate.letGo();
                try (Writer stdin = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
                    stdin.write("go\n");
                }

                ToolResult fromGatling = gatling.get(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                ToolResult fromJMeter = awaitJMeter(jmeter, target);
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
                destroyWithDescendants(jmeter);
                jmeterDoor.close();
                tools.shutdownNow();
                assertTrue(tools.awaitTermination(60, TimeUnit.SECONDS), "Gatling ended");
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

    // --- JMeter ---------------------------------------------------------------------------------------------------

    private static final String JMETER_LOG = "multitool-jmeter.log";
    private static final String JMETER_RESULTS = "jmeter/results/multitool.csv";
    private static final String CLAIM = "deleteIfExists ";

    /**
     * Starts jmeter-maven-plugin's execution {@code multitool} in a child Maven, with the plan's settings in a JMeter
     * properties file; the plan arrives at the gate through the HTTP door on {@code gatePort}.
     */
    private static Process startJMeter(Path target, int gatePort) throws IOException {
        Path jmeterConfig = target.resolve("config.json");
        assertTrue(
                Files.exists(jmeterConfig),
                () -> jmeterConfig + " is missing: jmeter-maven-plugin's configure goal (phase pre-integration-test)"
                        + " lays JMeter out before this test runs");
        Files.deleteIfExists(target.resolve(JMETER_RESULTS));

        URI url = URI.create(NODES.httpUrl(1));
        Properties plan = new Properties();
        plan.setProperty("gridkv.host", url.getHost());
        plan.setProperty("gridkv.port", Integer.toString(url.getPort()));
        plan.setProperty("gridkv.store", STORE);
        plan.setProperty("gridkv.counter", COUNTER);
        plan.setProperty("gridkv.pool", Integer.toString(POOL));
        plan.setProperty("gridkv.threads", Integer.toString(JMETER_THREADS));
        plan.setProperty("gridkv.rounds", Integer.toString(JMETER_ROUNDS));
        plan.setProperty("gridkv.gate.port", Integer.toString(gatePort));
        plan.setProperty(
                "gridkv.gate.timeout",
                Long.toString(MultiToolGate.WAIT.plusSeconds(30).toMillis()));
        Path properties = target.resolve("multitool-jmeter.properties");
        try (Writer out = Files.newBufferedWriter(properties, StandardCharsets.ISO_8859_1)) {
            plan.store(out, "MultiToolIT: the JMeter properties of src/test/jmeter/multitool.jmx");
        }

        List<String> command = new ArrayList<>(List.of(maven(), "-o", "-B", "-f", "pom.xml"));
        String repository = System.getProperty("gridkv.maven.repo.local");
        if (repository != null && !repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        command.add("-Dgridkv.multitool.jmeter.properties=" + properties);
        command.add("jmeter:jmeter@multitool");
        Path log = target.resolve(JMETER_LOG);
        Files.writeString(log, String.join(" ", command) + System.lineSeparator());
        ProcessBuilder child = new ProcessBuilder(command)
                .directory(target.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        child.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return child.start();
    }

    /** The Maven that runs this build (failsafe passes its home), else the one on the PATH. */
    private static String maven() {
        String home = System.getProperty("gridkv.maven.home");
        String mvn = System.getProperty("os.name").startsWith("Windows") ? "mvn.cmd" : "mvn";
        return home == null || home.isBlank() ? mvn : Path.of(home, "bin", mvn).toString();
    }

    private static ToolResult awaitJMeter(Process maven, Path target) throws InterruptedException, IOException {
        Path log = target.resolve(JMETER_LOG);
        assertTrue(maven.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS), () -> "JMeter's Maven ends: " + tail(log));
        assertEquals(0, maven.exitValue(), () -> "JMeter's Maven (jmeter:jmeter@multitool): " + tail(log));
        Path results = target.resolve(JMETER_RESULTS);
        assertTrue(Files.exists(results), () -> results + " was not written: " + tail(log));
        return jmeterResult(Files.readString(results, StandardCharsets.UTF_8), JMETER_THREADS * JMETER_ROUNDS);
    }

    /**
     * What JMeter saw acknowledged, from its results file: the gate's sample must be {@code 200}; an increment counts
     * when answered {@code 200}, a claim is won when answered {@code 200} with {@code claim} (the answer's
     * {@code result}) {@code true}; anything else, and fewer or more than {@code calls} samples of either, is a
     * failure.
     */
    static ToolResult jmeterResult(String csv, int calls) {
        List<List<String>> rows = csv(csv);
        if (rows.isEmpty()) {
            throw new AssertionError("JMeter's results file is empty");
        }
        List<String> header = rows.get(0);
        int timeStamp = column(header, "timeStamp");
        int elapsed = column(header, "elapsed");
        int label = column(header, "label");
        int code = column(header, "responseCode");
        int message = column(header, "responseMessage");
        int claim = column(header, "claim");

        long increments = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        int gates = 0;
        int incrementSamples = 0;
        int claimSamples = 0;
        List<String> claimed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() != header.size()) {
                failed.add("a row of " + row.size() + " fields: " + row);
                continue;
            }
            String name = row.get(label);
            if (name.equals("incrementBy")) {
                incrementSamples++;
            } else if (name.startsWith(CLAIM)) {
                claimSamples++;
            }
            boolean ok = row.get(code).equals("200");
            if (name.equals("gate")) {
                gates++;
                if (!ok) {
                    failed.add("gate: " + row.get(code) + " " + row.get(message));
                }
                continue;
            }
            long start = Long.parseLong(row.get(timeStamp));
            first = Math.min(first, start);
            last = Math.max(last, start + Long.parseLong(row.get(elapsed)));
            if (!ok) {
                failed.add(name + ": " + row.get(code) + " " + row.get(message));
            } else if (name.equals("incrementBy")) {
                increments++;
            } else if (name.startsWith(CLAIM) && row.get(claim).equals("true")) {
                claimed.add(name.substring(CLAIM.length()));
            } else if (!name.startsWith(CLAIM) || !row.get(claim).equals("false")) {
                failed.add(name + ": claim " + row.get(claim));
            }
        }
        if (gates != 1) {
            failed.add(gates + " gate samples");
        }
        if (incrementSamples != calls || claimSamples != calls) {
            failed.add(incrementSamples + " incrementBy and " + claimSamples + " claim samples, not " + calls);
        }
        failed.stream().limit(10).forEach(f -> System.err.println("JMeter: " + f));
        return new ToolResult("JMeter", increments, failed.size(), first == Long.MAX_VALUE ? 0 : first, last, claimed);
    }

    private static int column(List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new AssertionError("JMeter's results file has no column " + name + ": " + header);
        }
        return i;
    }

    /** The records of a CSV text as JMeter writes it: {@code ,} between fields, {@code "} around those that need it. */
    static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c != '"') {
                    field.append(c);
                } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    /** Kills {@code process} and what it started (the JMeter JVM under the child Maven), if still running. */
    private static void destroyWithDescendants(Process process) throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private static String tail(Path file) {
        String text = read(file);
        return text.length() <= 4_000 ? text : "..." + text.substring(text.length() - 4_000);
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
