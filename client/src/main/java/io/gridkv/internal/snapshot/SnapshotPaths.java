package io.gridkv.internal.snapshot;

import io.gridkv.KvError;
import io.gridkv.KvException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Confines snapshot names given over the network to the node's data directory (issue 5: "names only, no {@code ..},
 * no absolute paths, no symlink escapes").
 *
 * <p>A name is one path element: nested names ({@code "backups/monday"}) are refused too. That keeps the rule short
 * enough to check completely — there is no intermediate directory whose links would need following — and a flat
 * directory of named snapshots is all the HTTP API needs. Names may start with a dot ({@code ".k6.kv"}, xk6-kv's
 * default file name).
 *
 * <p>An existing entry that is a symbolic link is allowed only when its real path stays strictly inside the base
 * directory, and is then returned resolved, so a snapshot written through it lands where the link points. The check is
 * made when the name is resolved: it stops callers of the API, not someone who can already rewrite links in the data
 * directory between the check and the use.
 */
public final class SnapshotPaths {
    private SnapshotPaths() {}

    /**
     * The path {@code name} denotes inside {@code baseDir}.
     *
     * @throws KvException {@code InvalidOptionsError} if {@code name} is blank, {@code .} or {@code ..}, contains a
     *     separator ({@code /} or {@code \}) or NUL, or is a symbolic link that leads outside {@code baseDir} or does
     *     not resolve; {@code DiskPathError} if {@code baseDir} itself can not be resolved
     */
    public static Path resolveInside(Path baseDir, String name) {
        if (name == null || name.isBlank()) {
            throw invalid(name, "a snapshot name must not be blank");
        }
        if (name.equals(".") || name.equals("..")) {
            throw invalid(name, "a snapshot name must not be \".\" or \"..\"");
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw invalid(
                    name,
                    "a snapshot name is a plain file name inside the data directory: no directories, no \"..\", no"
                            + " absolute paths");
        }
        Path base;
        try {
            base = baseDir.toRealPath();
        } catch (IOException e) {
            throw new KvException(KvError.DiskPathError, "data directory " + baseDir + " can not be resolved: " + e, e);
        }
        Path candidate = base.resolve(name);
        if (!candidate.getParent().equals(base)) {
            throw invalid(name, "a snapshot name must name an entry of the data directory");
        }
        if (!Files.isSymbolicLink(candidate)) {
            return candidate;
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw invalid(name, "it is a symbolic link that does not resolve");
        }
        if (!real.startsWith(base) || real.equals(base)) {
            throw invalid(name, "it is a symbolic link leading outside the data directory");
        }
        return real;
    }

    private static KvException invalid(String name, String why) {
        return new KvException(KvError.InvalidOptionsError, "invalid snapshot name \"" + name + "\": " + why);
    }
}
