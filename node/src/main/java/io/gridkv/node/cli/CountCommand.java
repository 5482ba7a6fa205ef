package io.gridkv.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "count", description = "Prints the number of keys (starting with --prefix, if given).")
final class CountCommand extends StoreCommand {
    @Mixin
    PrefixOption prefix;

    @Override
    int run(NodeClient client) {
        print(call(client, "count", NodeClient.args().put("prefix", prefix.value)));
        return ExitCodes.OK;
    }
}
