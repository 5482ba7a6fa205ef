package io.gridkv.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.KvError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The k6 module's {@code KvErrorName} (in {@code src/main/k6/gridkv.d.ts}) names exactly what a script can meet: every
 * {@link KvError}, every {@link HttpError}, and the module's own {@code NetworkError}.
 */
class K6ErrorNamesTest {
    private static final Path DECLARATIONS = Path.of("src/main/k6/gridkv.d.ts");
    private static final Pattern MEMBER = Pattern.compile("^\\s*\\|\\s*\"([A-Za-z]+)\"\\s*;?\\s*(//.*)?$");

    @Test
    void kvErrorName_isKvErrorAndHttpErrorAndNetworkError() throws IOException {
        List<String> declared = union(Files.readAllLines(DECLARATIONS));
        Set<String> expected = new TreeSet<>();
        Stream.of(KvError.values()).map(Enum::name).forEach(expected::add);
        Stream.of(HttpError.values()).map(Enum::name).forEach(expected::add);
        expected.add("NetworkError");
        assertEquals(declared.size(), new TreeSet<>(declared).size(), () -> "a name is listed twice: " + declared);
        assertEquals(expected, new TreeSet<>(declared));
    }

    /** The string members of {@code export type KvErrorName = | "A" | "B" ...;}, one per line. */
    private static List<String> union(List<String> lines) {
        int start = -1;
        for (int i = 0; i < lines.size() && start < 0; i++) {
            if (lines.get(i).matches("\\s*export\\s+type\\s+KvErrorName\\s*=\\s*")) {
                start = i + 1;
            }
        }
        assertTrue(start > 0, "no \"export type KvErrorName =\" line in " + DECLARATIONS.toAbsolutePath());
        List<String> names = new ArrayList<>();
        for (int i = start; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.trim().isEmpty() || line.trim().startsWith("//")) {
                continue;
            }
            Matcher member = MEMBER.matcher(line);
            assertTrue(member.matches(), () -> "not a name of the union: \"" + line + '"');
            names.add(member.group(1));
            if (line.contains(";")) {
                return names;
            }
        }
        throw new AssertionError("KvErrorName does not end with ';'");
    }
}
