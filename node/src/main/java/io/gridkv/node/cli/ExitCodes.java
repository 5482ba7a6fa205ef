package io.gridkv.node.cli;

import io.gridkv.KvError;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of the client commands: what a script may branch on. Shown in every command's help. */
final class ExitCodes {
    static final int OK = 0;
    /** The call worked and the answer is "no": {@code exists} false, {@code cas} not swapped, nothing found. */
    static final int NEGATIVE = 1;
    /** A bad option or argument (picocli's usage exit code). */
    static final int USAGE = 2;

    static final int KEY_NOT_FOUND = 3;
    static final int ERROR = 4;
    static final int UNREACHABLE = 5;

    static final Map<String, String> DESCRIPTIONS = descriptions();

    private ExitCodes() {}

    /** The exit code of a failed call. */
    static int of(NodeCallException e) {
        if (e.isNetworkError()) {
            return UNREACHABLE;
        }
        return KvError.KeyNotFoundError.name().equals(e.name()) ? KEY_NOT_FOUND : ERROR;
    }

    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(OK + "", "success");
        d.put(
                NEGATIVE + "",
                "a negative answer: exists false, cas not swapped, random found nothing, health not ready");
        d.put(USAGE + "", "usage error: a bad option or argument");
        d.put(KEY_NOT_FOUND + "", "KeyNotFoundError: the key is absent");
        d.put(ERROR + "", "any other gridkv error; `NAME: message` on stderr (e.g. UnauthorizedError)");
        d.put(UNREACHABLE + "", "NetworkError: the node could not be reached (refused, timeout, TLS failure)");
        return d;
    }
}
