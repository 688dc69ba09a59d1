package io.ringcache.benchmarks.ycsb;

import static io.ringcache.benchmarks.ycsb.Records.bytes;
import static io.ringcache.benchmarks.ycsb.Records.record;
import static io.ringcache.benchmarks.ycsb.Records.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.benchmarks.compare.FakeStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * The record operations of the Redis and Memcached bindings ({@link StoreBinding}) over a store that answers on a
 * thread of its own, as Lettuce and the Memcached client do ({@link FakeStore}), with records of two fields: what
 * they write and read through the futures, deletes that tell whether the key was there, and a failed or a missing
 * answer as ERROR.
 */
class StoreBindingTest {
    private static final String TABLE = "usertable";
    /** Each request's answer delay for the store, in nanoseconds; -1 fails it at once. */
    private volatile long delayNanos;
    private FakeStore store;
    private DB db;

    @BeforeEach
    void init() throws DBException {
        store = new FakeStore(n -> delayNanos);
        db = new StoreBinding<FakeStore>(new SharedClient<>(), "fake", "address", "127.0.0.1:1") {
            @Override
            protected FakeStore connect(String address, int connections, int ioThreads) {
                return store;
            }
        };
        Properties properties = new Properties();
        properties.setProperty("fieldcount", "2");
        db.setProperties(properties);
        db.init();
    }

    @AfterEach
    void cleanup() throws DBException {
        db.cleanup();
    }

    @Test
    void insertAndUpdateStoreTheEncodedRecordUnderTheKey() {
        assertEquals(Status.OK, db.insert(TABLE, "user1", record("field0", "a", "field1", "b")));
        assertEquals(Map.of("field0", "a", "field1", "b"), stored("user1"));

        assertEquals(Status.OK, db.update(TABLE, "user1", record("field1", "c")));
        assertEquals(Map.of("field0", "a", "field1", "c"), stored("user1"));
    }

    @Test
    void readGivesTheStoredRecordAndAMissingKeyIsNotFound() {
        store.set(bytes("user2"), RecordCodec.encode(record("field0", "x", "field1", "y"))).join();
        Map<String, ByteIterator> fields = new HashMap<>();
        assertEquals(Status.OK, db.read(TABLE, "user2", null, fields));
        assertEquals(Map.of("field0", "x", "field1", "y"), texts(fields));

        assertEquals(Status.NOT_FOUND, db.read(TABLE, "user3", null, new HashMap<>()));
        assertEquals(Status.NOT_FOUND, db.update(TABLE, "user3", record("field0", "x")));
    }

    @Test
    void deleteRemovesTheKeyAndIsNotFoundWhenItWasNotThere() {
        db.insert(TABLE, "user4", record("field0", "v", "field1", "w"));
        assertEquals(Status.OK, db.delete(TABLE, "user4"));
        assertNull(store.read(bytes("user4")).join());
        assertEquals(Status.NOT_FOUND, db.delete(TABLE, "user4"));
    }

    @Test
    void aFailedRequestIsAnError() {
        db.insert(TABLE, "user5", record("field0", "v", "field1", "w"));
        delayNanos = -1;
        assertEquals(Status.ERROR, db.read(TABLE, "user5", null, new HashMap<>()));
        assertEquals(Status.ERROR, db.insert(TABLE, "user6", record("field0", "v", "field1", "w")));
        assertEquals(Status.ERROR, db.update(TABLE, "user5", record("field0", "x")));
        assertEquals(Status.ERROR, db.delete(TABLE, "user5"));
    }

    @Test
    void anAnswerThatNeverComesIsAnErrorAfterTheTimeout() {
        delayNanos = Long.MAX_VALUE;
        long start = System.nanoTime();
        Status status = assertTimeoutPreemptively(Duration.ofMillis(3 * StoreBinding.TIMEOUT_MS),
                () -> db.read(TABLE, "user7", null, new HashMap<>()));
        assertEquals(Status.ERROR, status);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= StoreBinding.TIMEOUT_MS, "waited " + waitedMs + " ms");
    }

    private Map<String, String> stored(String key) {
        return texts(RecordCodec.decode(store.read(bytes(key)).join()));
    }
}
