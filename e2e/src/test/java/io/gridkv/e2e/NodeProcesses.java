package io.gridkv.e2e;

import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.cluster.ClusterSettings;
import io.gridkv.testing.Eventually;
import io.gridkv.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs gridkv nodes as real processes ({@code java -jar gridkv-node.jar}) on free ports of
 * 127.0.0.1 and always stops them after the test class — forcibly if a graceful stop takes too long.
 *
 * <p>Register it with {@code @RegisterExtension static NodeProcesses nodes = new NodeProcesses(3);} and call
 * {@link #start()} when the nodes are wanted. Each node's output goes to a log file under {@code target/}, named in
 * failure messages.
 */
public final class NodeProcesses implements AfterAllCallback {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final int count;
    private final String clusterName = "e2e-" + UUID.randomUUID();
    private final List<Integer> ports = new ArrayList<>();
    private final List<String> jvmOptions;
    private final List<Integer> httpPorts = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final Process[] processes;
    private final Path[] logs;

    public NodeProcesses(int count) {
        this(count, List.of());
    }

    /** {@code count} nodes whose JVMs also get {@code jvmOptions} (e.g. Hazelcast properties a test shortens). */
    public NodeProcesses(int count, List<String> jvmOptions) {
        this.count = count;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.processes = new Process[count];
        this.logs = new Path[count];
        for (int i = 0; i < count; i++) {
            ports.add(FreePorts.next());
            httpPorts.add(FreePorts.next());
        }
    }

    public String clusterName() {
        return clusterName;
    }

    /** {@code 127.0.0.1:port} of every node, comma-separated: what a client connects to. */
    public String members() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** A Java client of these nodes, on a store opened with {@code options}. Close it. */
    public Kv connect(KvOptions options) {
        return connect(options, Map.of());
    }

    /** As {@link #connect(KvOptions)}, with extra Hazelcast client {@code properties}. */
    public Kv connect(KvOptions options, Map<String, String> properties) {
        ClusterSettings.Builder cluster =
                ClusterSettings.builder().clusterName(clusterName).members(members());
        properties.forEach(cluster::property);
        return Kv.connect(cluster.build(), options);
    }

    /** How many members node {@code i} sees in its cluster, from its readiness answer. */
    public int membersSeenBy(int i) throws IOException, InterruptedException {
        // Readiness, not /v1/stats: it reads no data, so it answers even while some partitions have no owner.
        HttpResponse<String> ready = get(i, "/health/ready");
        Matcher members = Pattern.compile("\"members\":(\\d+)").matcher(ready.body());
        if (!members.find()) {
            throw new AssertionError(
                    "node " + i + " /health/ready answered " + ready.statusCode() + " " + ready.body());
        }
        return Integer.parseInt(members.group(1));
    }

    /**
     * The node whose member joined last, as node {@code i} sees the cluster: never the master (the oldest member,
     * first in Hazelcast's member list) while there are two or more.
     */
    public int youngestSeenBy(int i) throws IOException, InterruptedException {
        List<Integer> members = membersInOrderSeenBy(i);
        return members.get(members.size() - 1);
    }

    /** The master as node {@code i} sees the cluster: the node whose member is the oldest, first in the member list. */
    public int oldestSeenBy(int i) throws IOException, InterruptedException {
        return membersInOrderSeenBy(i).get(0);
    }

    /** The nodes of node {@code i}'s cluster, oldest member first, from its {@code /v1/stats}. */
    private List<Integer> membersInOrderSeenBy(int i) throws IOException, InterruptedException {
        HttpResponse<String> stats = get(i, "/v1/stats");
        Matcher address = Pattern.compile("\"address\":\"[^\"]*:(\\d+)\"").matcher(stats.body());
        List<Integer> nodes = new ArrayList<>();
        while (address.find()) {
            int node = ports.indexOf(Integer.parseInt(address.group(1)));
            if (node < 0) {
                throw new AssertionError("a member not of ours in node " + i + "'s /v1/stats: " + stats.body());
            }
            nodes.add(node);
        }
        if (nodes.isEmpty()) {
            throw new AssertionError("no member in node " + i + "'s /v1/stats: " + stats.body());
        }
        return nodes;
    }

    /**
     * {@code POST /v1/stores/<store>/<op>} with the JSON {@code body} to node {@code i}: its answer, whatever the
     * status (up to 120 s: a restore or a large backup takes a while on two busy cores).
     */
    public HttpResponse<String> call(int i, String store, String op, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(httpUrl(i) + "/v1/stores/" + store + "/" + op))
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int i, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(httpUrl(i) + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Node {@code i}'s data directory: its own per cluster, so one test's disk stores never reach another's. */
    public Path dataDir(int i) {
        return Path.of("target", "node-data", clusterName, "node-" + i).toAbsolutePath();
    }

    /**
     * Node {@code i}'s {@code java.io.tmpdir}: its own, under {@code target/}, so the suite leaves nothing in the
     * machine's temporary directory and a test can see what a node leaves in it.
     */
    public Path tmpDir(int i) {
        return Path.of("target", "node-tmp", clusterName, "node-" + i).toAbsolutePath();
    }

    /** The base URL of node {@code i}'s HTTP API. */
    public String httpUrl(int i) {
        return "http://127.0.0.1:" + httpPorts.get(i);
    }

    /** Starts every node that is not running and waits until each reports itself ready over HTTP. */
    public void start() {
        for (int i = 0; i < count; i++) {
            if (processes[i] == null || !processes[i].isAlive()) {
                launch(i);
            }
        }
        for (int i = 0; i < count; i++) {
            awaitListening(i);
        }
    }

    private void launch(int i) {
        String jar = System.getProperty("gridkv.node.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("node jar not found at " + jar + ": run the build with 'mvn verify'");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            logs[i] = Files.createTempFile(Path.of("target"), "node-" + i + "-", ".log");
            Files.createDirectories(tmpDir(i));
            List<String> command = new ArrayList<>(List.of(
                    java,
                    "-Xmx512m",
                    "-Djava.io.tmpdir=" + tmpDir(i),
                    "-Dhazelcast.phone.home.enabled=false",
                    "-Dhazelcast.wait.seconds.before.join=0"));
            command.addAll(jvmOptions);
            command.addAll(List.of(
                    "-jar",
                    jar,
                    "--cluster-name",
                    clusterName,
                    "--host",
                    "127.0.0.1",
                    "--cluster-port",
                    Integer.toString(ports.get(i)),
                    "--members",
                    members(),
                    // A majority must be present: the smaller side of a split must not acknowledge writes.
                    "--min-cluster-size",
                    Integer.toString(count / 2 + 1),
                    "--http-host",
                    "127.0.0.1",
                    "--http-port",
                    Integer.toString(httpPorts.get(i)),
                    "--data-dir",
                    dataDir(i).toString()));
            processes[i] = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logs[i].toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start node " + i, e);
        }
    }

    private void awaitListening(int i) {
        Eventually.assertEventually(START_TIMEOUT, () -> {
            if (!processes[i].isAlive()) {
                throw new IllegalStateException("node " + i + " exited with " + processes[i].exitValue() + "; log "
                        + logs[i] + ":\n" + Files.readString(logs[i]));
            }
            HttpResponse<String> ready;
            try {
                ready = http.send(
                        HttpRequest.newBuilder(URI.create(httpUrl(i) + "/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new AssertionError("node " + i + " does not answer HTTP yet (" + e + "); log " + logs[i]);
            }
            if (ready.statusCode() != 200) {
                throw new AssertionError("node " + i + " is not ready: " + ready.body() + "; log " + logs[i]);
            }
        });
    }

    /** SIGSTOP: the node freezes (as a hung VM or a network partition would look to the others); see {@link #resume}. */
    public void pause(int i) throws IOException, InterruptedException {
        signal(i, "-STOP");
    }

    /** SIGCONT: a paused node runs on, finds the cluster went on without it, and merges back. */
    public void resume(int i) throws IOException, InterruptedException {
        signal(i, "-CONT");
    }

    private void signal(int i, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(processes[i].pid()))
                .inheritIO()
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill " + signal + " of node " + i + " failed");
        }
    }

    /** SIGKILL ({@code kill -9}): the node vanishes without handing anything over. Waits until it is gone. */
    public void kill(int i) throws InterruptedException {
        processes[i].destroyForcibly();
        if (!processes[i].waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("node " + i + " survived SIGKILL for 30 s");
        }
    }

    /** SIGKILL to every node at once: a whole cluster lost in one instant, as in a power cut of its hosts. */
    public void killAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (int i = 0; i < count; i++) {
            kill(i);
        }
    }

    /** SIGTERM: the node leaves gracefully. Waits for it to exit and returns its exit code. */
    public int stop(int i) throws InterruptedException {
        processes[i].destroy();
        if (!processes[i].waitFor(2, TimeUnit.MINUTES)) {
            throw new AssertionError("node " + i + " did not exit within 2 minutes of SIGTERM; log " + logs[i]);
        }
        return processes[i].exitValue();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            if (processes[i] != null && processes[i].isAlive()) {
                try {
                    resume(i); // a stopped process would not act on SIGTERM
                } catch (IOException | AssertionError e) {
                    // destroyForcibly below still ends it
                }
            }
        }
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : processes) {
            if (p != null && !p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
