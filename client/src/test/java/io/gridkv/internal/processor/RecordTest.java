package io.gridkv.internal.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The operation ids a record remembers: its last writers', with their answers, carried to every copy of it. */
class RecordTest {
    private static final byte[] VALUE = "1".getBytes(StandardCharsets.UTF_8);

    private static OperationId id(int n) {
        return new OperationId(42, n);
    }

    @Test
    void keepsTheLast32Writers_andTheirAnswers() {
        Record record = null;
        long previous = 0;
        for (int n = 1; n <= 40; n++) {
            record = Record.next(record, VALUE, id(n), (long) n);
            assertTrue(record.version() > previous, "versions grow");
            previous = record.version();
        }
        for (int n = 1; n <= 8; n++) {
            assertFalse(record.applied(id(n)), "writer " + n + " is pushed out");
        }
        for (int n = 9; n <= 40; n++) {
            assertTrue(record.applied(id(n)), "writer " + n);
            assertEquals((long) n, record.resultOf(id(n)));
        }
    }

    @Test
    void keepsTheLast32WritersThroughManyWrites_andSerializesThem() {
        SerializationService serialization = new DefaultSerializationServiceBuilder().build();
        Record record = null;
        for (int n = 1; n <= 200; n++) {
            record = Record.next(record, VALUE, id(n), (long) n);
            if (n % 50 == 0) {
                record = serialization.toObject(serialization.toData(record));
            }
        }
        for (int n = 1; n <= 200; n++) {
            assertEquals(n > 168, record.applied(id(n)), "writer " + n);
        }
        assertEquals(200L, record.resultOf(id(200)));
        assertEquals(169L, record.resultOf(id(169)));
    }

    @Test
    void aWriteBasedOnAnOlderRecord_neverShowsItsWritersToAnother() {
        Record base = Record.next(null, VALUE, id(1), 1L);
        Record current = Record.next(base, VALUE, id(2), 2L);
        Record branch = Record.next(base, VALUE, id(3), 3L); // as if current had been dropped
        Record afterCurrent = Record.next(current, VALUE, id(4), 4L);
        assertTrue(branch.applied(id(1)));
        assertFalse(branch.applied(id(2)), "the branch never had writer 2");
        assertFalse(current.applied(id(3)), "the current record never had writer 3");
        assertFalse(afterCurrent.applied(id(3)), "nor its successor");
        assertEquals(2L, afterCurrent.resultOf(id(2)));
        assertEquals(4L, afterCurrent.resultOf(id(4)));
        assertFalse(base.applied(id(2)) || base.applied(id(3)) || base.applied(id(4)), "older records are unchanged");
    }

    @Test
    void aWriteWithoutAnId_keepsTheEarlierOnes() {
        Record record = Record.next(null, VALUE, id(1), null);
        record = Record.next(record, VALUE, OperationId.NONE, null);
        assertTrue(record.applied(id(1)));
        assertFalse(record.applied(OperationId.NONE));
    }

    @Test
    void aLargeAnswer_isReplacedByAFailureSayingSo() {
        byte[] large = new byte[Record.MAX_REMEMBERED_RESULT_BYTES + 1];
        Record record = Record.next(null, VALUE, id(1), large);
        ProcessorFailure kept = assertInstanceOf(ProcessorFailure.class, record.resultOf(id(1)));
        assertEquals("UnknownError", kept.toException().name());
        byte[] small = new byte[Record.MAX_REMEMBERED_RESULT_BYTES];
        assertArrayEquals(
                small, (byte[]) Record.next(record, VALUE, id(2), small).resultOf(id(2)));
    }

    @Test
    void theIds_travelWithTheRecord() {
        SerializationService serialization = new DefaultSerializationServiceBuilder().build();
        Record record = Record.next(null, VALUE, id(1), 5L);
        record = Record.next(record, VALUE, id(2), Boolean.TRUE);
        Record copy = serialization.toObject(serialization.toData(record));
        assertEquals(record.version(), copy.version());
        assertArrayEquals(VALUE, copy.value());
        assertEquals(5L, copy.resultOf(id(1)));
        assertEquals(Boolean.TRUE, copy.resultOf(id(2)));
        assertFalse(copy.applied(id(3)));
    }
}
