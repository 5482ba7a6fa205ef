package io.gridkv.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "random",
        description = {
            "Prints a uniformly random key (starting with --prefix, if given).",
            "With --count N, up to N distinct ones, one per line (all matching keys, shuffled, when fewer than N"
                    + " match).",
            "Exits 1 and prints nothing when no key matches."
        })
final class RandomCommand extends StoreCommand {
    @Mixin
    PrefixOption prefix;

    @Option(names = "--count", paramLabel = "N", description = "How many distinct keys (1..1000000). Default: one key.")
    Integer count;

    @Override
    int run(NodeClient client) {
        if (count == null) {
            JsonNode key = call(client, "randomKey", NodeClient.args().put("prefix", prefix.value));
            if (key.asText().isEmpty()) {
                if (json) {
                    print(key);
                }
                return ExitCodes.NEGATIVE;
            }
            print(key);
            return ExitCodes.OK;
        }
        JsonNode keys = call(
                client,
                "randomKeys",
                NodeClient.args().put("prefix", prefix.value).put("count", count));
        if (json) {
            print(keys);
        } else {
            keys.forEach(k -> out().println(k.asText()));
        }
        return keys.isEmpty() ? ExitCodes.NEGATIVE : ExitCodes.OK;
    }
}
