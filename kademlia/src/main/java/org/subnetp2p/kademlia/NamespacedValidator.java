package org.subnetp2p.kademlia;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.subnetp2p.core.record.InvalidRecordException;

/**
 * Sends each key to the validator of its namespace: the text between the key's first two slashes
 * ({@code /pk/...} is {@code pk}). A key without a namespace, or of a namespace without a
 * validator, is rejected.
 */
final class NamespacedValidator {
  private static final int MAX_NAMESPACE = 64;

  private final Map<String, RecordValidator> validators;

  NamespacedValidator(Map<String, RecordValidator> validators) {
    this.validators = Map.copyOf(validators);
  }

  /** The validator of {@code key}'s namespace. */
  private RecordValidator of(byte[] key) throws InvalidRecordException {
    if (key.length < 3 || key[0] != '/') {
      throw new InvalidRecordException("key has no namespace");
    }
    int end = 1;
    while (end < key.length && end <= MAX_NAMESPACE && key[end] != '/') {
      end++;
    }
    if (end == key.length || key[end] != '/' || end == 1) {
      throw new InvalidRecordException("key has no namespace");
    }
    String namespace = new String(key, 1, end - 1, StandardCharsets.UTF_8);
    RecordValidator v = validators.get(namespace);
    if (v == null) {
      // The namespace is at most 64 bytes of the peer's input: fine in a message.
      throw new InvalidRecordException("no validator for namespace \"" + namespace + "\"");
    }
    return v;
  }

  void validate(byte[] key, byte[] value) throws InvalidRecordException {
    of(key).validate(key, value);
  }

  /** The index of the best of {@code values}; each valid. */
  int select(byte[] key, List<byte[]> values) throws InvalidRecordException {
    if (values.size() == 1) {
      return 0;
    }
    int i = of(key).select(key, values);
    if (i < 0 || i >= values.size()) {
      throw new InvalidRecordException("validator selected no value");
    }
    return i;
  }
}
