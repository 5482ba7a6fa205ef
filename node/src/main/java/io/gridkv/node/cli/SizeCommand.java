package io.gridkv.node.cli;

import picocli.CommandLine.Command;

@Command(name = "size", description = "Prints the number of keys in the store.")
final class SizeCommand extends StoreCommand {
    @Override
    int run(NodeClient client) {
        print(call(client, "size", NodeClient.args()));
        return ExitCodes.OK;
    }
}
