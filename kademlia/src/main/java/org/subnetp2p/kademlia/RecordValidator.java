package org.subnetp2p.kademlia;

import java.util.List;
import org.subnetp2p.core.record.InvalidRecordException;

/**
 * Decides which values may be stored under the keys of one namespace, the part between the first
 * two slashes of a key ({@code pk} for {@code /pk/...}). Records are validated before they are
 * stored ({@code PUT_VALUE}) and when they are received ({@code GET_VALUE}). Keys of a namespace
 * without a validator are rejected.
 */
public interface RecordValidator {
  /**
   * Checks {@code value} for {@code key}.
   *
   * @throws InvalidRecordException saying why it is not valid
   */
  void validate(byte[] key, byte[] value) throws InvalidRecordException;

  /**
   * The index of the best of {@code values}, all valid for {@code key}, e.g. the newest. Must be
   * stable: the same values give the same answer. The first, by default.
   */
  default int select(byte[] key, List<byte[]> values) {
    return 0;
  }
}
