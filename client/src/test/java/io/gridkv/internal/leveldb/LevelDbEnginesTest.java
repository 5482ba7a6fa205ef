package io.gridkv.internal.leveldb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridkv.internal.leveldb.LevelDbEngines.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LevelDbEnginesTest {
    private static final JniProbe.Outcome NO_NATIVE_LIBRARY = new JniProbe.Outcome(
            new UnsatisfiedLinkError("Could not load library. Reasons: [no leveldbjni64-1.8 in java.library.path]"));

    @TempDir
    Path tmp;

    @Test
    void auto_onX8664Linux_selectsJni() {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"));
        assumeTrue(System.getProperty("os.arch").equals("amd64"));
        EngineSelection s = LevelDbEngines.of(Mode.AUTO).selection();
        assertEquals(
                Engine.JNI,
                s.engine(),
                "leveldbjni ships a linux64 library; is java.io.tmpdir noexec? probe: " + JniProbe.outcome());
        assertEquals("leveldbjni-1.8", s.id());
        assertEquals("the native library loaded", s.reason());
    }

    @Test
    void iq80Mode_selectsIq80_andSaysItWasForced() {
        EngineSelection s = LevelDbEngines.of(Mode.IQ80).selection();
        assertEquals(Engine.IQ80, s.engine());
        assertEquals("iq80-0.12", s.id());
        assertTrue(s.reason().contains("gridkv.leveldb.engine=iq80"), s.reason());
    }

    @Test
    void auto_whenJniFails_fallsBackToIq80_andSaysWhy() {
        EngineSelection s =
                LevelDbEngines.withProbe(Mode.AUTO, NO_NATIVE_LIBRARY).selection();
        assertEquals(Engine.IQ80, s.engine());
        assertTrue(s.reason().contains("UnsatisfiedLinkError"), s.reason());
        assertTrue(s.reason().contains("leveldbjni64-1.8"), s.reason());
    }

    @Test
    void jniMode_whenJniFails_refusesInsteadOfFallingBack() {
        LevelDbEngines engines = LevelDbEngines.withProbe(Mode.JNI, NO_NATIVE_LIBRARY);
        IllegalStateException e = assertThrows(IllegalStateException.class, engines::selection);
        assertTrue(e.getMessage().contains("gridkv.leveldb.engine=jni"), e.getMessage());
        assertTrue(e.getMessage().contains("noexec"), "hints at the usual causes: " + e.getMessage());
        IOException io = assertThrows(IOException.class, () -> engines.create(tmp.resolve("db")));
        assertSame(NO_NATIVE_LIBRARY.failure(), io.getCause().getCause());
        assertFalse(Files.exists(tmp.resolve("db").resolve(EngineMarker.FILE_NAME)));
    }

    @Test
    void selection_isComputedOnce() {
        LevelDbEngines engines = LevelDbEngines.of(Mode.AUTO);
        assertSame(engines.selection(), engines.selection());
    }

    @Test
    void engineInUse_isTheSystemSelection() {
        assertSame(LevelDbEngines.system().selection(), LevelDb.engineInUse());
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({"auto,AUTO", "AUTO,AUTO", "jni,JNI", "' iq80 ',IQ80", "IQ80,IQ80", "'',AUTO"})
    void mode_parse_ignoresCaseAndBlanks(String value, Mode expected) {
        assertEquals(expected, Mode.parse(value));
    }

    @Test
    void mode_parse_nullIsAuto() {
        assertEquals(Mode.AUTO, Mode.parse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "native", "jni,iq80"})
    void mode_parse_unknownValue_namesTheProperty(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mode.parse(value));
        assertTrue(e.getMessage().contains("-Dgridkv.leveldb.engine=" + value), e.getMessage());
    }
}
