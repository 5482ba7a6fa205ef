package io.gridkv.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "restore",
        description = {
            "Replaces the whole store with the snapshot NAME from the node's snapshot directory (<data-dir>/snapshots)"
                    + " and prints"
                    + " `N entries restored from NAME`; refuses to run without --yes.",
            "NAME is one plain name (no directories, no ..); without it, xk6-kv's default .k6.kv. Nothing changes"
                    + " unless the whole snapshot was read: a missing one is SnapshotNotFoundError, one larger than"
                    + " --max-entries/--max-bytes SnapshotBudgetExceededError (exit 4).",
            "Calls only the first node of --url, once: the snapshot is that node's file. A large snapshot may need a"
                    + " longer --timeout."
        })
final class RestoreCommand extends StoreCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "NAME",
            defaultValue = "",
            description = "The snapshot's name in the node's snapshot directory. Default: .k6.kv.")
    String name;

    @Option(
            names = "--max-entries",
            paramLabel = "N",
            defaultValue = "0",
            description = "Refuse a snapshot of more than N entries (0: no limit). Default: ${DEFAULT-VALUE}.")
    long maxEntries;

    @Option(
            names = "--max-bytes",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Refuse a snapshot of more than N key and value bytes (0: no limit). Default: ${DEFAULT-VALUE}.")
    long maxBytes;

    @Option(
            names = "--yes",
            description = "Confirm: yes, replace every key of the store. Only the flag itself counts, never an"
                    + " environment variable or configuration file.")
    boolean yes;

    @Override
    int run(NodeClient client) {
        // As for clear: a call that replaces the whole store needs the typed flag, not a stray GRIDKV_YES.
        if (!spec.commandLine().getParseResult().hasMatchedOption("--yes")) {
            throw usage("restore replaces every key of store \"" + store + "\" on the whole cluster with the"
                    + " snapshot's: add --yes to confirm");
        }
        JsonNode result = client.callOnce(
                store,
                "restore",
                NodeClient.args()
                        .put("fileName", name)
                        .put("maxEntries", maxEntries)
                        .put("maxBytes", maxBytes));
        print(
                result,
                String.format(
                        "%d entries restored from %s",
                        result.path("totalEntries").asLong(), SnapshotName.shown(name)));
        return ExitCodes.OK;
    }
}
