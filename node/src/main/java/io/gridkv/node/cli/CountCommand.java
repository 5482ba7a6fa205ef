package io.gridkv.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "count", description = "Prints the number of keys (starting with --prefix, if given).")
final class CountCommand extends StoreCommand {
    @Option(
            names = "--prefix",
            paramLabel = "P",
            defaultValue = "",
            description = "Only keys starting with P. Default: all keys.")
    String prefix;

    @Override
    int run(NodeClient client) {
        print(call(client, "count", NodeClient.args().put("prefix", prefix)));
        return ExitCodes.OK;
    }
}
