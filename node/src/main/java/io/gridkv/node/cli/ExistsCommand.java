package io.gridkv.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "exists", description = "Prints whether KEY exists: true and exit 0, or false and exit 1.")
final class ExistsCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Override
    int run(NodeClient client) {
        var exists = call(client, "exists", NodeClient.args().put("key", key));
        print(exists);
        return exists.asBoolean() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}
