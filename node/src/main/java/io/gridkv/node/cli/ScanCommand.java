package io.gridkv.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "scan",
        description = {
            "Prints a page of entries in key order, one `KEY<TAB>VALUE-AS-JSON` line each.",
            "When more entries follow, the cursor to continue from goes to stderr as `cursor: C` (so stdout holds"
                    + " only entries): pass it back with --cursor C. With --json, stdout is the page as the node"
                    + " answers it: {\"entries\": [{\"key\", \"value\"}...], \"cursor\", \"done\"}."
        })
final class ScanCommand extends StoreCommand {
    @Mixin
    PrefixOption prefix;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "At most N entries in the page (at most 100000; 0: all the rest)." + " Default: ${DEFAULT-VALUE}.")
    long limit;

    @Option(
            names = "--cursor",
            paramLabel = "C",
            defaultValue = "",
            description = "Continue after the page that printed this cursor. Default: the start.")
    String cursor;

    @Override
    int run(NodeClient client) {
        JsonNode page = call(
                client,
                "scan",
                NodeClient.args()
                        .put("prefix", prefix.value)
                        .put("limit", limit)
                        .put("cursor", cursor));
        if (json) {
            print(page);
            return ExitCodes.OK;
        }
        for (JsonNode entry : page.path("entries")) {
            out().println(entry.path("key").asText() + "\t" + Values.json(entry.path("value")));
        }
        String next = page.path("cursor").asText("");
        if (!next.isEmpty()) {
            err().println("cursor: " + next);
        }
        return ExitCodes.OK;
    }
}
