package io.ringcache.benchmarks.ycsb;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicBoolean;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * YCSB's record operations on a key-value cache, the same for every cache, so that the bindings differ only in the
 * client they open and call. Every binding reads the same three properties under its own prefix:
 * {@code <prefix>.<address>} (where the cache is), {@code <prefix>.connections} and {@code <prefix>.iothreads}
 * (both 1 by default), and shares one client among YCSB's threads ({@link SharedClient}). A record is one key
 * (YCSB's key as UTF-8; the table is ignored, as YCSB's workloads use one) and one value ({@link RecordCodec}).
 * <ul>
 *   <li>read: one GET, then the asked fields picked out of the record;</li>
 *   <li>insert: one SET;</li>
 *   <li>update: one SET when it writes every field ({@code fieldcount} of them, YCSB's property, 10 by default);
 *       otherwise GET, merge, SET, which is not atomic: two updates of one record at once may lose one's fields.
 *       An update of a record that is not there is NOT_FOUND, not a new partial record;</li>
 *   <li>delete: one DELETE, NOT_FOUND when the key was not there;</li>
 *   <li>scan: NOT_IMPLEMENTED, as caches keep no key order. Workloads A, B and C do not scan; E does.</li>
 * </ul>
 * A failed operation is ERROR for YCSB to count; the first failure in the JVM is also printed on stderr, so that a
 * run full of errors says why.
 */
public abstract class CacheBinding<C extends AutoCloseable> extends DB {
    /** YCSB's CoreWorkload default for {@code fieldcount}. */
    private static final String DEFAULT_FIELD_COUNT = "10";
    private static final AtomicBoolean FAILURE_PRINTED = new AtomicBoolean();

    static {
        // Netty and Lettuce log through Netty's logger factory, which would pick logback, whose default with no
        // configuration file is DEBUG: Lettuce would log every command. java.util.logging's default is INFO.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    }

    private final SharedClient<C> shared;
    private final String prefix;
    private final String addressName;
    private final String defaultAddress;
    private int fieldCount;
    private C client;

    /**
     * @param shared the binding's one client per JVM
     * @param prefix of the binding's properties, like {@code redis}
     * @param addressName the property after the prefix that says where the cache is, like {@code address}
     * @param defaultAddress where the cache is when that property is not set
     */
    protected CacheBinding(SharedClient<C> shared, String prefix, String addressName, String defaultAddress) {
        this.shared = shared;
        this.prefix = prefix;
        this.addressName = addressName;
        this.defaultAddress = defaultAddress;
    }

    /** Opens the client that all of the JVM's YCSB threads share; called by the first thread's {@code init}. */
    protected abstract C connect(String address, int connections, int ioThreads);

    /** The shared client, between {@code init} and {@code cleanup}. */
    protected final C client() {
        return client;
    }

    /** The value stored under {@code key}, or null when there is none. */
    protected abstract byte[] get(byte[] key) throws Exception;

    protected abstract void set(byte[] key, byte[] value) throws Exception;

    /** Deletes {@code key}; returns whether it was there. */
    protected abstract boolean remove(byte[] key) throws Exception;

    @Override
    public final void init() throws DBException {
        Properties properties = getProperties();
        try {
            fieldCount = Integer.parseInt(properties.getProperty("fieldcount", DEFAULT_FIELD_COUNT));
            String address = properties.getProperty(prefix + "." + addressName, defaultAddress);
            int connections = intProperty(properties, prefix + ".connections", 1);
            int ioThreads = intProperty(properties, prefix + ".iothreads", 1);
            client = shared.acquire(() -> connect(address, connections, ioThreads));
        } catch (RuntimeException e) {
            throw new DBException(getClass().getSimpleName() + " cannot start: " + e, e);
        }
    }

    @Override
    public final void cleanup() throws DBException {
        try {
            client = null;
            shared.release();
        } catch (Exception e) {
            throw new DBException(getClass().getSimpleName() + " cannot close: " + e, e);
        }
    }

    @Override
    public final Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        try {
            byte[] record = get(bytes(key));
            if (record == null) {
                return Status.NOT_FOUND;
            }
            Map<String, ByteIterator> stored = RecordCodec.decode(record);
            if (fields == null) {
                result.putAll(stored);
            } else {
                for (String field : fields) {
                    ByteIterator value = stored.get(field);
                    if (value != null) {
                        result.put(field, value);
                    }
                }
            }
            return Status.OK;
        } catch (Exception e) {
            return failed(e);
        }
    }

    @Override
    public final Status scan(String table, String startKey, int recordCount, Set<String> fields,
            Vector<HashMap<String, ByteIterator>> result) {
        return Status.NOT_IMPLEMENTED;
    }

    @Override
    public final Status update(String table, String key, Map<String, ByteIterator> values) {
        try {
            byte[] id = bytes(key);
            Map<String, ByteIterator> record = values;
            if (values.size() < fieldCount) {
                byte[] stored = get(id);
                if (stored == null) {
                    return Status.NOT_FOUND;
                }
                record = RecordCodec.decode(stored);
                record.putAll(values);
            }
            set(id, RecordCodec.encode(record));
            return Status.OK;
        } catch (Exception e) {
            return failed(e);
        }
    }

    @Override
    public final Status insert(String table, String key, Map<String, ByteIterator> values) {
        try {
            set(bytes(key), RecordCodec.encode(values));
            return Status.OK;
        } catch (Exception e) {
            return failed(e);
        }
    }

    @Override
    public final Status delete(String table, String key) {
        try {
            return remove(bytes(key)) ? Status.OK : Status.NOT_FOUND;
        } catch (Exception e) {
            return failed(e);
        }
    }

    private static int intProperty(Properties properties, String name, int defaultValue) {
        return Integer.parseInt(properties.getProperty(name, Integer.toString(defaultValue)).trim());
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private Status failed(Exception e) {
        if (FAILURE_PRINTED.compareAndSet(false, true)) {
            System.err.println(getClass().getSimpleName() + ": first failed operation (YCSB counts the others): " + e);
        }
        return Status.ERROR;
    }
}
