package io.gridkv.internal.leveldb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineTest {

    @Test
    void ids_nameFamilyAndVersion() {
        assertEquals("leveldbjni-1.8", Engine.JNI.id());
        assertEquals("iq80-0.12", Engine.IQ80.id());
    }

    @Test
    void iq80Version_matchesTheJarOnTheClassPath() {
        assertEquals(Iq80DBFactory.VERSION, Engine.IQ80.version());
    }

    @Test
    void jniVersion_matchesTheJarOnTheClassPath() {
        assumeTrue(JniProbe.outcome().works(), "leveldbjni does not load here");
        assertEquals(JniDBFactory.VERSION, Engine.JNI.version());
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "leveldbjni-1.8|JNI",
                "leveldbjni-1.9|JNI",
                "'  iq80-0.12\n'|IQ80",
                "iq80-0.13|IQ80",
                "iq80|IQ80",
                "rocksdb-11.8.1|",
                "iq800-1|",
                "''|",
            })
    void fromMarker_readsTheFamily_andNeverGuesses(String marker, Engine expected) {
        assertEquals(Optional.ofNullable(expected), Engine.fromMarker(marker));
    }
}
