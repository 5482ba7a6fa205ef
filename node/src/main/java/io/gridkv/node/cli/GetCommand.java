package io.gridkv.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "get",
        description = {
            "Prints the value at KEY; exits 3 when KEY is absent.",
            "A string prints as its text, anything else as JSON (with --json, always JSON).",
        })
final class GetCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Override
    int run(NodeClient client) {
        print(call(client, "get", NodeClient.args().put("key", key)));
        return ExitCodes.OK;
    }
}
