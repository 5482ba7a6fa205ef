package io.gridkv.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every client command shares: how to reach the node, how answers are printed, and how a failure becomes an
 * exit code ({@link ExitCodes}). Each option's {@code GRIDKV_*} environment variable is read by the top-level
 * command's default-value provider, not here.
 */
abstract class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Option(
            names = "--url",
            paramLabel = "URL",
            defaultValue = NodeClient.DEFAULT_URL,
            description =
                    "The node's HTTP API (http or https); several, comma-separated, to move to the next when one is down. Env GRIDKV_URL.%nDefault: ${DEFAULT-VALUE}")
    String url;

    @Option(
            names = "--auth-token",
            paramLabel = "TOKEN",
            description = "Sent as `Authorization: Bearer TOKEN`, for a node started with --auth-token."
                    + " Env GRIDKV_AUTH_TOKEN.")
    String authToken;

    @Option(
            names = "--cacert",
            paramLabel = "FILE",
            description = "PEM certificate(s) to trust for https instead of the JVM's trust store: the node's CA, or"
                    + " its self-signed certificate. Env GRIDKV_CACERT.")
    Path caCert;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = TimeoutConverter.class,
            description = "How long to wait to connect, and then for the answer: 500ms, 10s, 2m (a bare number is"
                    + " seconds). Env GRIDKV_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--json", description = "Print the node's JSON result as it is instead of the readable form.")
    boolean json;

    @Override
    public final Integer call() {
        NodeClient client;
        try {
            client = NodeClient.builder(url)
                    .authToken(authToken)
                    .caCert(caCert)
                    .timeout(timeout)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try {
            return run(client);
        } catch (NodeCallException e) {
            err().println(e.name() + ": " + e.getMessage());
            return ExitCodes.of(e);
        } catch (ParameterException e) {
            throw e;
        } catch (RuntimeException e) {
            // Left to picocli this would exit 3, which scripts read as KeyNotFoundError.
            err().println("UnknownError: " + e);
            return ExitCodes.ERROR;
        }
    }

    /** Does the command's work and answers its exit code; a failed call throws {@link NodeCallException}. */
    abstract int run(NodeClient client);

    /** Prints a result: as JSON with {@code --json}, else readably (a string as its text). */
    void print(JsonNode result) {
        out().println(json ? Values.json(result) : Values.readable(result));
    }

    /** Prints {@code readable}, or the JSON result with {@code --json}. */
    void print(JsonNode result, String readable) {
        out().println(json ? Values.json(result) : readable);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, or a number of seconds. */
    static final class TimeoutConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.trim());
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a positive duration such as 500ms, 10s or 2m");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }
}
