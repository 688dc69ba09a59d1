package io.ringcache.benchmarks.ycsb;

import static io.ringcache.benchmarks.ycsb.Records.bytes;
import static io.ringcache.benchmarks.ycsb.Records.record;
import static io.ringcache.benchmarks.ycsb.Records.text;
import static io.ringcache.benchmarks.ycsb.Records.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.client.CacheValue;
import io.ringcache.client.RingcacheClient;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * The Ringcache binding through YCSB's DB API against a real node on a loopback port, with records of two fields,
 * so that updates of one field take the read-merge-write path and updates of both the single write.
 */
class RingcacheBindingTest {
    private static final String TABLE = "usertable";
    private static CacheNode node;
    private static RingcacheClient direct;
    private DB db;

    @BeforeAll
    static void startNode() throws InterruptedException {
        node = CacheNode.start(new NodeContext().port(0).maxMemory(16L << 20).ioThreads(1));
        direct = RingcacheClient.builder().seeds("127.0.0.1:" + node.port()).build();
    }

    @AfterAll
    static void stopNode() {
        direct.close();
        node.close();
    }

    @BeforeEach
    void init() throws DBException {
        db = binding(node.port());
        db.init();
    }

    @AfterEach
    void cleanup() throws DBException {
        db.cleanup();
    }

    @Test
    void anInsertedRecordIsOneValueOnTheNodeAndReadsBackWhole() {
        assertEquals(Status.OK, db.insert(TABLE, "user1", record("field0", "a".repeat(100), "field1", "b")));
        CacheValue stored = direct.get(bytes("user1"));
        Map<String, ByteIterator> onNode = RecordCodec.decode(stored.value());
        assertEquals("a".repeat(100), text(onNode.get("field0")));
        assertEquals("b", text(onNode.get("field1")));

        Map<String, ByteIterator> all = new HashMap<>();
        assertEquals(Status.OK, db.read(TABLE, "user1", null, all));
        assertEquals(Map.of("field0", "a".repeat(100), "field1", "b"), texts(all));

        Map<String, ByteIterator> some = new HashMap<>();
        assertEquals(Status.OK, db.read(TABLE, "user1", Set.of("field1", "field9"), some));
        assertEquals(Map.of("field1", "b"), texts(some));
    }

    @Test
    void anUpdateOfOneFieldKeepsTheOthersAndOneOfAllReplacesTheRecord() {
        db.insert(TABLE, "user2", record("field0", "old0", "field1", "old1"));
        assertEquals(Status.OK, db.update(TABLE, "user2", record("field1", "new1")));
        assertEquals(Map.of("field0", "old0", "field1", "new1"), read("user2"));

        assertEquals(Status.OK, db.update(TABLE, "user2", record("field0", "x", "field1", "y")));
        assertEquals(Map.of("field0", "x", "field1", "y"), read("user2"));
    }

    @Test
    void anUpdateOfSomeFieldsOfAMissingRecordIsNotFoundAndWritesNothing() {
        assertEquals(Status.NOT_FOUND, db.update(TABLE, "user3", record("field0", "x")));
        assertNull(direct.get(bytes("user3")));
    }

    @Test
    void deleteRemovesTheRecordFromTheNode() {
        db.insert(TABLE, "user4", record("field0", "v", "field1", "w"));
        assertEquals(Status.OK, db.delete(TABLE, "user4"));
        assertNull(direct.get(bytes("user4")));
        assertEquals(Status.NOT_FOUND, db.read(TABLE, "user4", null, new HashMap<>()));
        assertEquals(Status.NOT_FOUND, db.delete(TABLE, "user4"));
    }

    @Test
    void scanIsNotImplemented() {
        db.insert(TABLE, "user5", record("field0", "v", "field1", "w"));
        Vector<HashMap<String, ByteIterator>> result = new Vector<>();
        assertEquals(Status.NOT_IMPLEMENTED, db.scan(TABLE, "user5", 10, null, result));
        assertTrue(result.isEmpty());
    }

    @Test
    void aValueThatIsNotARecordIsAnErrorNotACrash() {
        direct.put(bytes("user6"), new byte[] {5, 1});
        assertEquals(Status.ERROR, db.read(TABLE, "user6", null, new HashMap<>()));
    }

    @Test
    void threadsShareOneClientUntilTheLastCleanup() throws DBException {
        DB second = binding(node.port());
        second.init();
        second.insert(TABLE, "user7", record("field0", "v", "field1", "w"));
        second.cleanup();
        assertEquals(Status.OK, db.read(TABLE, "user7", null, new HashMap<>()));
    }

    private Map<String, String> read(String key) {
        Map<String, ByteIterator> fields = new HashMap<>();
        assertEquals(Status.OK, db.read(TABLE, key, null, fields));
        return texts(fields);
    }

    private static DB binding(int port) {
        Properties properties = new Properties();
        properties.setProperty("ringcache.seeds", "127.0.0.1:" + port);
        properties.setProperty("fieldcount", "2");
        DB db = new RingcacheBinding();
        db.setProperties(properties);
        return db;
    }
}
