package io.gridkv.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "keys",
        description = "Prints the keys (starting with --prefix, if given), one per line, in UTF-8 byte order.")
final class KeysCommand extends StoreCommand {
    @Mixin
    PrefixOption prefix;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "0",
            description = "At most N keys (at most 250000; 0: all). Default: ${DEFAULT-VALUE}.")
    long limit;

    @Override
    int run(NodeClient client) {
        JsonNode keys = call(
                client,
                "listKeys",
                NodeClient.args().put("prefix", prefix.value).put("limit", limit));
        if (json) {
            print(keys);
        } else {
            keys.forEach(k -> out().println(k.asText()));
        }
        return ExitCodes.OK;
    }
}
