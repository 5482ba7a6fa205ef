package io.gridkv.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "incr",
        description = {
            "Adds DELTA to the counter at KEY (absent counts as 0) and prints the new value.",
            "Fails with ValueParseError (exit 4) when the value is not a counter or the sum overflows int64;"
                    + " the value is then unchanged."
        })
final class IncrCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The counter's key.")
    String key;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "DELTA",
            defaultValue = "1",
            description = "An integer within int64, may be negative. Default: ${DEFAULT-VALUE}.")
    long delta;

    @Override
    int run(NodeClient client) {
        print(call(client, "incrementBy", NodeClient.args().put("key", key).put("delta", delta)));
        return ExitCodes.OK;
    }
}
