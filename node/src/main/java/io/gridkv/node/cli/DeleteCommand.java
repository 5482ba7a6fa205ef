package io.gridkv.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "Removes KEY and prints OK, whether or not it existed.")
final class DeleteCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Override
    int run(NodeClient client) {
        print(call(client, "delete", NodeClient.args().put("key", key)), "OK");
        return ExitCodes.OK;
    }
}
