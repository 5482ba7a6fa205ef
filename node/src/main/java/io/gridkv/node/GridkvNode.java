package io.gridkv.node;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.gridkv.cluster.ClusterSettings;
import io.gridkv.cluster.HazelcastConfigs;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The standalone gridkv node: runs one cluster member that holds a share of every store and serves Java clients
 * ({@code Kv.connect}). Each option can also come from a {@code GRIDKV_*} environment variable; a flag wins.
 * SIGTERM / Ctrl-C leave the cluster gracefully: the member hands its partitions to the others before it exits.
 */
@Command(
        name = "gridkv-node",
        mixinStandardHelpOptions = true,
        versionProvider = GridkvNode.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Runs a gridkv node: a cluster member holding a share of every store.",
            "Alone it is a complete single-node store; with --members it joins the others."
        })
public final class GridkvNode implements Callable<Integer> {
    /** Exit code for a bad option or setting. */
    static final int EXIT_USAGE = 2;
    /** Exit code when the member could not start (port taken, cluster unreachable...). */
    static final int EXIT_START_FAILED = 3;

    @Option(
            names = "--cluster-port",
            paramLabel = "N",
            defaultValue = "${env:GRIDKV_CLUSTER_PORT:-5701}",
            description = "Port of the cluster (member-to-member and Java client) protocol. Env GRIDKV_CLUSTER_PORT."
                    + " Default: ${DEFAULT-VALUE}.")
    int clusterPort;

    @Option(
            names = "--members",
            paramLabel = "HOST:PORT,...",
            defaultValue = "${env:GRIDKV_MEMBERS}",
            description = "Other members to join (TCP-IP discovery). None: a single-node store that joins nobody."
                    + " Env GRIDKV_MEMBERS.")
    String members;

    @Option(
            names = "--cluster-name",
            paramLabel = "NAME",
            defaultValue = "${env:GRIDKV_CLUSTER_NAME:-gridkv}",
            description = "Only members with the same name form a cluster. Env GRIDKV_CLUSTER_NAME."
                    + " Default: ${DEFAULT-VALUE}.")
    String clusterName;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "${env:GRIDKV_HOST}",
            description = "Address to bind and announce (e.g. 127.0.0.1 or this host's IP). Default: chosen by"
                    + " Hazelcast. Env GRIDKV_HOST.")
    String host;

    @Option(
            names = "--backup-count",
            paramLabel = "N",
            defaultValue = "${env:GRIDKV_BACKUP_COUNT:-1}",
            description = "Synchronous backups of every entry (0..6). With 1, any single member may die without"
                    + " losing an acknowledged write. Env GRIDKV_BACKUP_COUNT. Default: ${DEFAULT-VALUE}.")
    int backupCount;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new GridkvNode());
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("gridkv-node: " + e.getMessage());
            return e instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_START_FAILED;
        });
        return cli.execute(args);
    }

    /** The member's settings from the options; a bad value fails with a message naming the option. */
    ClusterSettings settings() {
        ClusterSettings.Builder b = ClusterSettings.builder()
                .clusterName(clusterName)
                .port(clusterPort)
                .portAutoIncrement(false)
                .host(host)
                .members(members)
                .backupCount(backupCount)
                // gridkv stops the member itself, gracefully, from its own shutdown hook below.
                .property("hazelcast.shutdownhook.enabled", "false");
        return b.build();
    }

    @Override
    public Integer call() throws InterruptedException {
        ClusterSettings settings = settings();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(HazelcastConfigs.member(settings));
        CountDownLatch stopped = new CountDownLatch(1);
        member.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (member.getLifecycleService().isRunning()) {
                                member.shutdown(); // graceful: partitions migrate to the remaining members first
                            }
                        },
                        "gridkv-shutdown"));
        var address = member.getCluster().getLocalMember().getAddress();
        System.out.printf(
                "gridkv node listening on %s:%d (cluster \"%s\", %d member(s)); Java clients connect with"
                        + " Kv.connect(\"%s:%d\")%n",
                address.getHost(),
                address.getPort(),
                settings.clusterName(),
                member.getCluster().getMembers().size(),
                address.getHost(),
                address.getPort());
        stopped.await();
        return 0;
    }

    /** The version from the jar manifest (set by Maven), or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GridkvNode.class.getPackage().getImplementationVersion();
            return new String[] {"gridkv-node " + (v == null ? "development" : v)};
        }
    }
}
