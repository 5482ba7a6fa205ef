package io.gridkv.node;

import com.hazelcast.core.LifecycleEvent;
import io.gridkv.cluster.ClusterSettings;
import io.gridkv.internal.leveldb.LevelDbEngines;
import io.gridkv.node.cli.ClientCommands;
import io.gridkv.node.config.ConfigSources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code gridkv-node} command: without a subcommand it runs a node — a cluster member holding a share of every
 * store, serving the HTTP/JSON API, the k6 module, metrics and health. Every option can also come from a
 * {@code GRIDKV_*} environment variable or the YAML file of {@code --config}; a flag wins over the environment, the
 * environment over the file, the file over the default. SIGTERM / Ctrl-C leave the cluster gracefully: the member hands
 * its partitions to the others before the process exits.
 */
@Command(
        name = "gridkv-node",
        mixinStandardHelpOptions = true,
        versionProvider = GridkvNode.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Runs a gridkv node: a cluster member holding a share of every store, serving the HTTP/JSON API"
                    + " (docs/http-api.md), the k6 module (GET /k6/gridkv.js), /metrics and /health.",
            "Alone it is a complete single-node store; with --members it joins the others.",
            "Each option can also be set by the environment variable shown, or by its name (without --) in the YAML"
                    + " file of --config; a flag wins over the environment, the environment over the file.",
            ""
        })
public final class GridkvNode implements Callable<Integer> {
    /** Exit code for a bad option or setting. */
    static final int EXIT_USAGE = 2;
    /** Exit code when the node could not start (port taken, cluster unreachable...). */
    static final int EXIT_START_FAILED = 3;

    @Option(
            names = ConfigSources.CONFIG_OPTION,
            paramLabel = "FILE",
            description = "YAML file of settings, keyed by option name: e.g. `http-port: 7070`, `members: [a:5701,"
                    + " b:5701]`. Env GRIDKV_CONFIG.")
    Path config;

    @Option(
            names = "--http-port",
            paramLabel = "N",
            defaultValue = "" + NodeSettings.DEFAULT_HTTP_PORT,
            description =
                    "Port of the HTTP/JSON API (0: any free port). Env GRIDKV_HTTP_PORT. Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(
            names = "--http-host",
            paramLabel = "ADDRESS",
            defaultValue = "0.0.0.0",
            description = "Address the HTTP API listens on (0.0.0.0: every interface; 127.0.0.1: this host only)."
                    + " Env GRIDKV_HTTP_HOST. Default: ${DEFAULT-VALUE}.")
    String httpHost;

    @Option(
            names = "--cluster-port",
            paramLabel = "N",
            defaultValue = "5701",
            description = "Port of the cluster protocol (member to member, and Java clients). Env GRIDKV_CLUSTER_PORT."
                    + " Default: ${DEFAULT-VALUE}.")
    int clusterPort;

    @Option(
            names = "--members",
            paramLabel = "HOST:PORT,...",
            description = "Other members to join (TCP-IP discovery). None: a single-node store that joins nobody."
                    + " Env GRIDKV_MEMBERS.")
    String members;

    @Option(
            names = "--kubernetes-service-dns",
            paramLabel = "NAME",
            description = "Find the other members through the DNS records of this Kubernetes headless service (e.g."
                    + " gridkv-members.NAMESPACE.svc.cluster.local) instead of --members. Env"
                    + " GRIDKV_KUBERNETES_SERVICE_DNS.")
    String kubernetesServiceDns;

    @Option(
            names = "--cluster-name",
            paramLabel = "NAME",
            defaultValue = "gridkv",
            description = "Only members with the same name form a cluster. Env GRIDKV_CLUSTER_NAME."
                    + " Default: ${DEFAULT-VALUE}.")
    String clusterName;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            description = "Address the cluster protocol binds and announces (e.g. 127.0.0.1 or this host's IP)."
                    + " Default: chosen by Hazelcast. Env GRIDKV_HOST.")
    String host;

    @Option(
            names = "--backup-count",
            paramLabel = "N",
            defaultValue = "1",
            description = "Synchronous backups of every entry (0..6). With 1, any single member may die without"
                    + " losing an acknowledged write. Env GRIDKV_BACKUP_COUNT. Default: ${DEFAULT-VALUE}.")
    int backupCount;

    @Option(
            names = "--min-cluster-size",
            paramLabel = "N",
            defaultValue = "1",
            description = "Refuse store operations while this member sees fewer than N members (split-brain"
                    + " protection), so the smaller side of a network split cannot acknowledge writes the merge would"
                    + " discard. 1 turns it off (a single node must serve); for 3 nodes use 2. Env"
                    + " GRIDKV_MIN_CLUSTER_SIZE. Default: ${DEFAULT-VALUE}.")
    int minClusterSize;

    @Option(
            names = "--expected-members",
            paramLabel = "N",
            defaultValue = "0",
            description = "How many members a cluster restarted on its data directories waits for before it loads"
                    + " its disk stores (each member's files may hold the only copy of some writes). 0: the larger of"
                    + " the minimum cluster size and the number of addresses in the member list. Env"
                    + " GRIDKV_EXPECTED_MEMBERS. Default: ${DEFAULT-VALUE}.")
    int expectedMembers;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "data",
            description = "Directory of the node's files (created if missing): the disk stores, and in its snapshots/"
                    + " subdirectory the snapshots that backup and restore name over HTTP. Env GRIDKV_DATA_DIR."
                    + " Default: ./${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(
            names = "--auth-token",
            paramLabel = "TOKEN",
            description = "Require `Authorization: Bearer TOKEN` on every /v1 call (health, metrics and the k6 module"
                    + " stay open). Env GRIDKV_AUTH_TOKEN.")
    String authToken;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            description = "PEM certificate (chain): with --tls-key the HTTP port speaks HTTPS only, so k6 can import"
                    + " the module from https://<node>/k6/gridkv.js. Env GRIDKV_TLS_CERT.")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            description = "PEM private key of --tls-cert. Env GRIDKV_TLS_KEY.")
    Path tlsKey;

    @Option(
            names = "--max-body-bytes",
            paramLabel = "N",
            defaultValue = "" + NodeSettings.DEFAULT_MAX_BODY_BYTES,
            description = "Largest request body accepted; larger ones get 413 RequestTooLargeError."
                    + " Env GRIDKV_MAX_BODY_BYTES. Default: ${DEFAULT-VALUE}.")
    long maxBodyBytes;

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new GridkvNode());
        ClientCommands.addTo(cli);
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("gridkv-node: " + e.getMessage());
            return e instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_START_FAILED;
        });
        try {
            ConfigSources sources = ConfigSources.of(args, environment);
            cli.setDefaultValueProvider(sources);
            List<CommandLine> commands = new ArrayList<>(List.of(cli));
            commands.addAll(cli.getSubcommands().values());
            sources.checkFileKeys(commands);
        } catch (IllegalArgumentException e) {
            err.println("gridkv-node: " + e.getMessage());
            return EXIT_USAGE;
        }
        return cli.execute(args);
    }

    /** The node's settings from the options; a bad value fails with a message naming the option. */
    NodeSettings settings() {
        ClusterSettings cluster = ClusterSettings.builder()
                .clusterName(clusterName)
                .port(clusterPort)
                .portAutoIncrement(false)
                .host(host)
                .members(members)
                .kubernetesServiceDns(kubernetesServiceDns)
                .backupCount(backupCount)
                .minClusterSize(minClusterSize)
                .expectedMembers(expectedMembers)
                // gridkv stops the member itself, gracefully, from its own shutdown hook below.
                .property("hazelcast.shutdownhook.enabled", "false")
                .build();
        return new NodeSettings(
                cluster,
                httpHost,
                httpPort,
                dataDir.toAbsolutePath().normalize(),
                authToken,
                tlsCert,
                tlsKey,
                maxBodyBytes);
    }

    @Override
    public Integer call() throws InterruptedException {
        NodeSettings settings = settings();
        Node node = Node.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        node.member().getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "gridkv-shutdown"));
        System.out.println(started(node));
        stopped.await();
        return 0;
    }

    /** What a node prints once it serves: where it listens, its cluster, its data and its LevelDB engine. */
    static String started(Node node) {
        var address = node.member().getCluster().getLocalMember().getAddress();
        NodeSettings settings = node.settings();
        return String.format(
                "gridkv node listening: HTTP %s (%s; k6 module %s/k6/gridkv.js), cluster %s:%d (cluster \"%s\", %d"
                        + " member(s)), data in %s (snapshots in %s)%n"
                        + "LevelDB engine (snapshots): %s%s",
                node.httpUrl(),
                node.transport(),
                node.httpUrl(),
                address.getHost(),
                address.getPort(),
                settings.cluster().clusterName(),
                node.member().getCluster().getMembers().size(),
                settings.dataDir(),
                settings.snapshotDir(),
                node.levelDbEngine(),
                node.levelDbEngine().engine().equals(Node.LevelDbEngine.NONE)
                        ? "; backup and restore will fail until -D" + LevelDbEngines.ENGINE_PROPERTY + " is fixed"
                        : "");
    }

    /** This build's version (from the jar manifest), or "development" when run from classes. */
    static String version() {
        String v = GridkvNode.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gridkv-node " + version()};
        }
    }
}
