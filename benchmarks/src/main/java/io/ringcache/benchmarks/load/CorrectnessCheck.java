package io.ringcache.benchmarks.load;

import io.ringcache.client.CacheValue;
import io.ringcache.client.RingcacheClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes keys whose values are derived from the key ({@link CheckedValues}), or reads them all back and counts
 * what is found intact, missing or corrupt: the check that data survives failures and moves.
 */
public final class CorrectnessCheck {
    private static final int BATCH = 500;

    private CorrectnessCheck() {
    }

    /** Writes every key of the key space with its derived value. */
    public static CheckResult write(RingcacheClient client, KeySpace keys, int valueSize) {
        long errors = 0;
        for (long from = 0; from < keys.count(); from += BATCH) {
            List<byte[]> batchKeys = new ArrayList<>();
            List<byte[]> batchValues = new ArrayList<>();
            for (long i = from; i < Math.min(keys.count(), from + BATCH); i++) {
                byte[] key = keys.key(i);
                batchKeys.add(key);
                batchValues.add(CheckedValues.valueFor(key, valueSize));
            }
            try {
                client.putAll(batchKeys, batchValues, null);
            } catch (RuntimeException e) {
                errors += batchKeys.size();
            }
        }
        return new CheckResult("write", keys.count(), keys.count() - errors, 0, 0, errors);
    }

    /** Reads every key back and checks its value. */
    public static CheckResult read(RingcacheClient client, KeySpace keys) {
        long found = 0;
        long missing = 0;
        long corrupt = 0;
        long errors = 0;
        for (long from = 0; from < keys.count(); from += BATCH) {
            List<byte[]> batchKeys = new ArrayList<>();
            for (long i = from; i < Math.min(keys.count(), from + BATCH); i++) {
                batchKeys.add(keys.key(i));
            }
            List<CacheValue> values;
            try {
                values = client.getAll(batchKeys);
            } catch (RuntimeException e) {
                errors += batchKeys.size();
                continue;
            }
            for (int i = 0; i < values.size(); i++) {
                CacheValue value = values.get(i);
                if (value == null) {
                    missing++;
                } else if (CheckedValues.isIntact(batchKeys.get(i), value.value())) {
                    found++;
                } else {
                    corrupt++;
                }
            }
        }
        return new CheckResult("read", keys.count(), found, missing, corrupt, errors);
    }
}
