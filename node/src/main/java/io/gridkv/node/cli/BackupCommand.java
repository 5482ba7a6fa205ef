package io.gridkv.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "backup",
        description = {
            "Writes the whole store to the snapshot NAME in the node's snapshot directory (<data-dir>/snapshots) and"
                    + " prints what it wrote: `N entries (B bytes) written to NAME in the node's snapshot directory`.",
            "NAME is one plain name (no directories, no ..); without it, xk6-kv's default .k6.kv. By default every"
                    + " write to the store fails with BackupInProgressError while the entries are gathered; with"
                    + " --allow-concurrent-writes none does, and the copy is best effort (the warning goes to stderr).",
            "Calls only the first node of --url, once: the snapshot is that node's file. A large store may need a"
                    + " longer --timeout; a backup that timed out here may still complete on the node."
        })
final class BackupCommand extends StoreCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "NAME",
            defaultValue = "",
            description = "The snapshot's name in the node's snapshot directory. Default: .k6.kv.")
    String name;

    @Option(
            names = "--allow-concurrent-writes",
            description = "Refuse no write while the backup runs; the snapshot is then best effort.")
    boolean allowConcurrentWrites;

    @Override
    int run(NodeClient client) {
        JsonNode result = client.callOnce(
                store,
                "backup",
                NodeClient.args().put("fileName", name).put("allowConcurrentWrites", allowConcurrentWrites));
        print(
                result,
                String.format(
                        "%d entries (%d bytes) written to %s in the node's snapshot directory",
                        result.path("totalEntries").asLong(),
                        result.path("bytesWritten").asLong(),
                        SnapshotName.shown(name)));
        String warning = result.path("warning").asText("");
        if (!json && !warning.isEmpty()) {
            err().println("warning: " + warning);
        }
        return ExitCodes.OK;
    }
}
