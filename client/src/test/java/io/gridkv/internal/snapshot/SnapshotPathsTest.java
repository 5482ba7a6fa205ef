package io.gridkv.internal.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gridkv.KvError;
import io.gridkv.KvException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names from the HTTP API stay inside the data directory: each way out is tried. */
class SnapshotPathsTest {
    @TempDir
    Path tmp;

    private Path base;
    private Path outside;

    @BeforeEach
    void layout() throws IOException {
        base = Files.createDirectories(tmp.resolve("data")).toRealPath();
        outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
    }

    private void refused(String name) {
        KvException e = assertThrows(KvException.class, () -> SnapshotPaths.resolveInside(base, name));
        assertEquals(KvError.InvalidOptionsError, e.error(), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"backup-1", ".k6.kv", "snap.v2", "ünïcödé", "with space", "..hidden", "a..b"})
    void plainNames_resolveInsideTheBase(String name) {
        assertEquals(base.resolve(name), SnapshotPaths.resolveInside(base, name));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "..",
                ".",
                "../outside",
                "../../etc/passwd",
                "/etc/passwd",
                "/",
                "a/b", // nested names are refused: one level, nothing to follow
                "a/../b",
                "./a",
                "a/",
                "..\\outside",
                "a\\b",
                "nul\0byte",
                "",
                "   ",
            })
    void escapes_andNestedNames_areInvalidOptions(String name) {
        refused(name);
    }

    @Test
    void nullName_isInvalidOptions() {
        refused(null);
    }

    @Test
    void aSymbolicLinkLeadingOutside_isRefused() throws IOException {
        Files.createSymbolicLink(base.resolve("escape"), outside);
        refused("escape");
    }

    @Test
    void aSymbolicLinkToTheBaseItself_isRefused() throws IOException {
        Files.createSymbolicLink(base.resolve("self"), base);
        refused("self");
    }

    @Test
    void aRelativeSymbolicLinkClimbingOut_isRefused() throws IOException {
        Files.createSymbolicLink(base.resolve("up"), Path.of("../outside"));
        refused("up");
    }

    @Test
    void aDanglingSymbolicLink_isRefused() throws IOException {
        Files.createSymbolicLink(base.resolve("dangling"), outside.resolve("not-yet"));
        refused("dangling");
    }

    @Test
    void aSymbolicLinkStayingInside_resolvesToItsTarget() throws IOException {
        Path real = Files.createDirectories(base.resolve("monday"));
        Files.createSymbolicLink(base.resolve("latest"), Path.of("monday"));
        assertEquals(real, SnapshotPaths.resolveInside(base, "latest"));
    }

    @Test
    void aBaseReachedThroughASymbolicLink_isResolvedFirst() throws IOException {
        Path linkToBase = Files.createSymbolicLink(tmp.resolve("data-link"), base);
        assertEquals(base.resolve("snap"), SnapshotPaths.resolveInside(linkToBase, "snap"));
        Files.createSymbolicLink(base.resolve("escape"), outside);
        KvException e = assertThrows(KvException.class, () -> SnapshotPaths.resolveInside(linkToBase, "escape"));
        assertEquals(KvError.InvalidOptionsError, e.error());
    }

    @Test
    void aMissingBase_isDiskPathError() {
        KvException e =
                assertThrows(KvException.class, () -> SnapshotPaths.resolveInside(tmp.resolve("no-data-dir"), "snap"));
        assertEquals(KvError.DiskPathError, e.error());
    }
}
