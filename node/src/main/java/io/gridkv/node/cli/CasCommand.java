package io.gridkv.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "cas",
        customSynopsis = {"gridkv-node cas [OPTIONS] KEY OLD NEW", "       gridkv-node cas [OPTIONS] --absent KEY NEW"},
        description = {
            "Compare-and-swap: stores NEW at KEY only if KEY holds OLD (or, with --absent, is absent).",
            "Values are compared as the store encodes them, so {\"a\":1,\"b\":2} matches {\"b\":2,\"a\":1} under"
                    + " json. Prints true and exits 0 when it swapped; prints false and exits 1 when it did not.",
            "OLD and NEW are JSON when they parse as JSON, else plain strings (see set); OLD null also means"
                    + " \"only if absent\", as in xk6-kv."
        })
final class CasCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Parameters(
            index = "1..2",
            arity = "1..2",
            paramLabel = "OLD NEW",
            description = "The expected value and the new one; only NEW with --absent.")
    List<String> values;

    @Option(names = "--absent", description = "Swap only if KEY is absent (set-if-absent); give no OLD.")
    boolean absent;

    @Option(names = "--string", description = "Take OLD and NEW as strings even if they parse as JSON.")
    boolean asString;

    @Override
    int run(NodeClient client) {
        if (values.size() != (absent ? 1 : 2)) {
            throw usage(
                    absent ? "with --absent, give KEY and NEW only" : "give KEY, OLD and NEW (or --absent KEY NEW)");
        }
        ObjectNode args = NodeClient.args().put("key", key);
        if (absent) {
            args.putNull("oldValue");
        } else {
            args.set("oldValue", Values.parse(values.get(0), asString));
        }
        args.set("newValue", Values.parse(values.get(values.size() - 1), asString));
        var swapped = call(client, "compareAndSwap", args);
        print(swapped);
        return swapped.asBoolean() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}
