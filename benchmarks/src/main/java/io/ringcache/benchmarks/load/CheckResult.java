package io.ringcache.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a correctness check found: keys written, or keys read back found intact, missing or corrupt. */
public record CheckResult(String mode, long keys, long found, long missing, long corrupt, long errors) {

    /** Whether every key was found intact (a read check) or written (a write check). */
    public boolean passed() {
        return missing == 0 && corrupt == 0 && errors == 0;
    }

    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("check", mode);
        map.put("keys", keys);
        map.put("found", found);
        map.put("missing", missing);
        map.put("corrupt", corrupt);
        map.put("errors", errors);
        map.put("passed", passed());
        return map;
    }
}
