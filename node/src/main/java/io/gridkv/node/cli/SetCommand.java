package io.gridkv.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "set",
        description = {
            "Stores VALUE at KEY (creating or replacing it) and prints OK.",
            "VALUE is JSON when it parses as JSON (42, true, null, {\"a\":1}, \"quoted\"), else the plain string;"
                    + " --string stores it as a string whatever it looks like."
        })
final class SetCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE", description = "The value: JSON, or else a string.")
    String value;

    @Option(
            names = "--string",
            description = "Store VALUE as a string even if it parses as JSON (so 42 stays the text \"42\").")
    boolean asString;

    @Override
    int run(NodeClient client) {
        ObjectNode args = NodeClient.args().put("key", key);
        args.set("value", Values.parse(value, asString));
        print(call(client, "set", args), "OK");
        return ExitCodes.OK;
    }
}
