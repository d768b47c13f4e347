package io.inferscope.sample.risk;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Per-customer normalisation statistics, as a risk model's pre-processing would get them from a
 * feature store. Simulated: the active customers ({@code c-0} to {@code c-999}) come from a local
 * snapshot at once; anyone else costs a round trip to the store ({@link #FETCH_MILLIS} ms) the first
 * time, and is then cached (bounded, least recently used first out). The statistics are derived from
 * the customer id.
 */
final class CustomerProfiles {
  /** What a feature-store round trip costs; far above a cached prediction's fraction of a millisecond. */
  static final long FETCH_MILLIS = 40;
  private static final Pattern IN_SNAPSHOT = Pattern.compile("c-\\d{1,3}");
  private static final int MAX_CACHED = 10_000;

  /** Mean and spread of each feature for one customer: row features are normalised with them. */
  record Profile(float[] mean, float[] scale) {}

  private final Map<String, Profile> fetched = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Profile> eldest) {
      return size() > MAX_CACHED;
    }
  };

  /** The customer's profile for rows of {@code features} values. */
  Profile lookup(String customer, int features) throws InterruptedException {
    if (IN_SNAPSHOT.matcher(customer).matches()) {
      return derive(customer, features);
    }
    synchronized (fetched) {
      Profile cached = fetched.get(customer);
      if (cached != null && cached.mean().length == features) {
        return cached;
      }
    }
    Thread.sleep(FETCH_MILLIS); // the round trip, outside the lock: one slow fetch must not stall other customers
    Profile profile = derive(customer, features);
    synchronized (fetched) {
      fetched.put(customer, profile);
    }
    return profile;
  }

  private static Profile derive(String customer, int features) {
    int seed = customer.hashCode();
    float[] mean = new float[features];
    float[] scale = new float[features];
    for (int i = 0; i < features; i++) {
      mean[i] = ((seed >>> (i * 4)) & 0xF) / 16f - 0.5f;
      scale[i] = 0.75f + ((seed >>> (i * 4 + 16)) & 0x7) / 16f;
    }
    return new Profile(mean, scale);
  }
}
