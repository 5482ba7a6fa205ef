package io.gridkv.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "clear",
        description = {
            "Removes every key of the store and prints OK; refuses to run without --yes.",
            "The store is emptied for every client of the cluster."
        })
final class ClearCommand extends StoreCommand {
    @Option(
            names = "--yes",
            description = "Confirm: yes, remove every key of the store. Only the flag itself counts, never an"
                    + " environment variable or configuration file.")
    boolean yes;

    @Override
    int run(NodeClient client) {
        // The default-value provider would let a stray GRIDKV_YES confirm: a destructive call needs the typed flag.
        if (!spec.commandLine().getParseResult().hasMatchedOption("--yes")) {
            throw usage("clear removes every key of store \"" + store + "\" on the whole cluster: add --yes to"
                    + " confirm");
        }
        print(call(client, "clear", NodeClient.args()), "OK");
        return ExitCodes.OK;
    }
}
