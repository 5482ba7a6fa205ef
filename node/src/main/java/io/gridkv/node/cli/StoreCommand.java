package io.gridkv.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridkv.KvOptions;
import picocli.CommandLine.Option;

/** A client command on one store: the common options plus {@code --store}. */
abstract class StoreCommand extends ClientCommand {
    @Option(
            names = "--store",
            paramLabel = "NAME",
            defaultValue = KvOptions.DEFAULT_STORE,
            description = "The store (a named keyspace of the cluster); a store nobody opened yet is opened with the"
                    + " defaults (json, no key tracking). Env GRIDKV_STORE. Default: ${DEFAULT-VALUE}.")
    String store;

    /** Runs {@code op} on the store; see {@link NodeClient#call}. */
    JsonNode call(NodeClient client, String op, ObjectNode args) {
        return client.call(store, op, args);
    }
}
